/** The least a RAM user or role needs: describeInstance's three read-only actions, and describeSecurityGroups' one. */
export const RAM_POLICY = JSON.stringify(
  {
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ecs:DescribeInstances', 'ecs:DescribeNetworkInterfaces', 'vpc:DescribeEipAddresses', 'ecs:DescribeSecurityGroupAttribute'],
        Resource: '*',
      },
    ],
  },
  null,
  2,
);
