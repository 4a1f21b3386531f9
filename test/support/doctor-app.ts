// An application repository as install-pipeline leaves it (pinned to v1.4.0, with a Dockerfile that
// agrees with its task definitions), the repository variables that go with it, and a file editor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPipeline } from '../../scripts/lib/pipeline-install.js';

export const DOCKERFILE = `FROM node:24-slim AS build
EXPOSE 9999
FROM node:24-slim
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r => process.exit(r.ok ? 0 : 1))"
CMD ["node", "server.js"]
`;

export const VARIABLES = {
  AWS_REGION: 'eu-west-1',
  ECR_REPOSITORY: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop',
  ECS_SERVICE: 'web',
  ECR_PUSH_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-build',
  STAGING_AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-deploy-staging',
  STAGING_ECS_CLUSTER: 'shop-staging',
  STAGING_URL: 'https://staging.shop.example.com',
  PRODUCTION_AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/shop-deploy-production',
  PRODUCTION_ECS_CLUSTER: 'shop-production',
  PRODUCTION_URL: 'https://shop.example.com',
};

/** A new folder holding the installed pipeline and DOCKERFILE; the caller removes it. */
export function installedApp(): string {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
  installPipeline({
    shipline: 'acme/shipline',
    into: app,
    ref: 'v1.4.0',
    force: false,
    app: 'shop',
    accountId: '123456789012',
    region: 'eu-west-1',
  });
  fs.writeFileSync(path.join(app, 'Dockerfile'), DOCKERFILE);
  return app;
}

export function editFile(app: string, rel: string, change: (text: string) => string): void {
  const file = path.join(app, rel);
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}
