/** Word lists for deterministic tenant ids and owner teams. */

/** First halves of generated tenant ids. */
export const TENANT_ADJECTIVES = [
  'acme', 'amber', 'apex', 'arctic', 'atlas', 'aurora', 'bright', 'cedar',
  'cobalt', 'coral', 'crimson', 'delta', 'ember', 'evergreen', 'falcon', 'flint',
  'golden', 'granite', 'harbor', 'indigo', 'iron', 'jade', 'juniper', 'lunar',
  'maple', 'meridian', 'nimbus', 'north', 'onyx', 'orchid', 'pacific', 'pine',
  'quartz', 'rapid', 'river', 'sable', 'silver', 'solar', 'summit', 'tidal',
  'true', 'velvet', 'vivid', 'willow', 'zenith',
] as const;

/** Second halves of generated tenant ids. */
export const TENANT_NOUNS = [
  'analytics', 'bakery', 'bank', 'bio', 'cargo', 'clinic', 'cloud', 'foods',
  'freight', 'games', 'health', 'homes', 'insurance', 'labs', 'learning', 'legal',
  'logistics', 'manufacturing', 'media', 'mobility', 'motors', 'music', 'outdoor', 'payments',
  'pharma', 'print', 'realty', 'retail', 'robotics', 'security', 'shipping', 'software',
  'solar', 'sports', 'studios', 'supply', 'telecom', 'textiles', 'travel', 'ventures',
  'water', 'wellness', 'wines', 'works',
] as const;

/** Owner teams of generated tenants (tag `owner` = `group:default/<team>`). @public */
export const SANDBOX_OWNER_TEAMS = [
  'team-alpha', 'team-bravo', 'team-charlie', 'team-delta', 'team-echo', 'team-foxtrot',
] as const;

/** Regions tenants run in (tag `regions`, comma separated). */
export const TENANT_REGIONS = [
  'us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2',
] as const;
