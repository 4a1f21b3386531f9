// The CloudWatch Logs client run-task reads a container's awslogs stream with: timeouts per
// attempt as the ECS client has, endpoint from AWS_ENDPOINT_URL_CLOUDWATCH_LOGS when set.
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../client/ecs-client.js';

/** One client per region (a container may log to another region than the cluster's). */
export function createLogsClients(overrides: CloudWatchLogsClientConfig = {}): {
  forRegion(region: string): CloudWatchLogsClient;
  destroy(): void;
} {
  const clients = new Map<string, CloudWatchLogsClient>();
  return {
    forRegion(region) {
      let client = clients.get(region);
      if (!client) {
        client = new CloudWatchLogsClient({
          region,
          retryMode: 'standard',
          maxAttempts: 3,
          requestHandler: {
            connectionTimeout: CONNECTION_TIMEOUT_MS,
            requestTimeout: REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
          },
          ...overrides,
        });
        clients.set(region, client);
      }
      return client;
    },
    destroy: () => clients.forEach((client) => client.destroy()),
  };
}
