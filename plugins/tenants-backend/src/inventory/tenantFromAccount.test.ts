import { ownerRef } from './tenantFromAccount';

describe('ownerRef: the owner tag as a lower-case Group ref, as the catalog compares refs', () => {
  it.each([
    ['team-acme', 'group:default/team-acme'],
    ['group:default/Team-Alpha', 'group:default/team-alpha'],
    ['Group:Ops/TEAM-A', 'group:ops/team-a'],
  ])('%s → %s', (tag, ref) => {
    expect(ownerRef(tag)).toBe(ref);
  });

  it('answers undefined for a tag that is no entity ref', () => {
    expect(ownerRef('not a ref!!')).toBeUndefined();
  });
});
