/**
 * The services the sandbox answers. To add one: write its `ServiceDefinition` (see
 * `../types.ts`) in `./<service>/index.ts` and add a line to the list below.
 */
import type { ServiceDefinition } from '../core/service';
import { budgetsService } from './budgets';
import { cloudWatchService } from './cloudWatch';
import { configService } from './config';
import { costExplorerService } from './costExplorer';
import { guardDutyService } from './guardDuty';
import { logsService } from './logs';
import { cloudFormationService } from './cloudformation';
import { organizationsService } from './organizations';
import { sfnService } from './sfn';
import { sqsService } from './sqs';
import { stsService } from './sts';

/** Every emulated service, in no particular order (routing is by signing name). */
export const sandboxServices: ServiceDefinition[] = [
  organizationsService,
  stsService,
  cloudFormationService,
  budgetsService,
  sfnService,
  costExplorerService,
  cloudWatchService,
  configService,
  guardDutyService,
  logsService,
  sqsService,
];
