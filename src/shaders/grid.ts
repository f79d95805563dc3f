// Dispatch sizes. A dimension holds at most 65535 workgroups, so a long 1-D range is
// folded into x·y workgroups; kernels rebuild the flat index from num_workgroups.

export const MAX_GROUPS_PER_DIM = 65535;

/** Workgroups for `count` items at `perGroup` items each, folded into [x, y]. */
export function flatGrid(count: number, perGroup: number): [number, number] {
  const groups = Math.ceil(count / perGroup);
  if (groups <= MAX_GROUPS_PER_DIM) return [groups, 1];
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  return [Math.ceil(groups / y), y];
}

/** WGSL that defines `let i = ...` as the flat index of this invocation. */
export function flatIndex(workgroupSize: number): string {
  return `let i = gid.x + gid.y * nwg.x * ${workgroupSize}u;`;
}
