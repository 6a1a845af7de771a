/** The least a RAM user or role needs for describeInstance: three read-only actions. */
export const RAM_POLICY = JSON.stringify(
  {
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecs:DescribeInstances', 'ecs:DescribeNetworkInterfaces', 'vpc:DescribeEipAddresses'],
        Resource: '*',
      },
    ],
  },
  null,
  2,
);
