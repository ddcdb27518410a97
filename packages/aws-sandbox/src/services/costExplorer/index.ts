/**
 * AWS Cost Explorer (`ce`, awsJson1_1, target `AWSInsightsIndexService`), answered from the
 * payer's view of the generated organization spend: GetCostAndUsage, GetCostForecast,
 * GetDimensionValues, ListCostAllocationTags; Cost Anomaly Detection's GetAnomalies,
 * GetAnomalyMonitors, CreateAnomalyMonitor, DeleteAnomalyMonitor.
 */
import type { ServiceDefinition } from '../../core/service';
import { getCostAndUsage } from './getCostAndUsage';
import { getCostForecast } from './forecast';
import { getDimensionValues, listCostAllocationTags } from './ceCatalog';
import { getAnomalies } from './getAnomalies';
import {
  createAnomalyMonitor,
  defaultMonitor,
  deleteAnomalyMonitor,
  getAnomalyMonitors,
} from './anomalyMonitors';

/** The Cost Explorer service definition. @public */
export const costExplorerService: ServiceDefinition = {
  name: 'CostExplorer',
  signingName: 'ce',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSInsightsIndexService',
  errorNamespace: 'com.amazonaws.costexplorer',
  throttlingError: {
    code: 'LimitExceededException',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  operations: {
    GetCostAndUsage: getCostAndUsage,
    GetCostForecast: getCostForecast,
    GetDimensionValues: getDimensionValues,
    ListCostAllocationTags: listCostAllocationTags,
    GetAnomalies: getAnomalies,
    GetAnomalyMonitors: getAnomalyMonitors,
    CreateAnomalyMonitor: createAnomalyMonitor,
    DeleteAnomalyMonitor: deleteAnomalyMonitor,
  },
  seed(state) {
    state.anomalyMonitors = [
      defaultMonitor(state.org.managementAccountId, state.anchor.slice(0, 10)),
    ];
  },
};
