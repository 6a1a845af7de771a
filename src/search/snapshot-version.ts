/** Bumped whenever the snapshot's shape or the meaning of a part changes: an older file is then rebuilt. */
export const SNAPSHOT_VERSION = 2;
