import Typography from '@mui/material/Typography';

/**
 * Which regions a view's regional data was read in (`tenancy.aws.regions`), so that a reader
 * knows nothing in another region is included, e.g. `Regions read: us-east-1, eu-central-1.
 * GuardDuty findings, Config results and StackSet instances in any other region are not
 * included.` When the tenant runs in regions that are not read (its `regions`), it names them:
 * `This tenant also runs in ap-south-1, which is not read.` Renders nothing when the backend
 * does not say which regions it read.
 */
export function RegionsRead(props: {
  regionsRead?: string[];
  /** What is not included from other regions, e.g. `Alarms and metrics`. */
  what: string;
  /** The regions the tenant runs in; absent on fleet views. */
  tenantRegions?: string[];
}) {
  const { regionsRead } = props;
  if (!regionsRead?.length) return null;
  const notRead = (props.tenantRegions ?? []).filter(
    r => !regionsRead.includes(r),
  );
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      data-testid="regions-read"
    >
      Regions read: {regionsRead.join(', ')}. {props.what} in any other region
      are not included.
      {notRead.length > 0 &&
        ` This tenant also runs in ${notRead.join(', ')}, which ${
          notRead.length === 1 ? 'is' : 'are'
        } not read.`}
    </Typography>
  );
}
