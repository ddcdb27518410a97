export {
  findRootId,
  listChildOus,
  MAX_OU_WALK_DEPTH,
  ouAncestors,
  parentOf,
  resolveOuPath,
  type OuPathMissing,
  type OuRef,
} from './ouTree';
