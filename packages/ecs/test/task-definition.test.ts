// Task-definition files: parsing, rendering images and environment, comparing with what ECS registered.
import { describe, expect, it } from '@jest/globals';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  diffTaskDefinitions,
  parseTaskDefinitionFile,
  renderTaskDefinition,
  sameTaskDefinition,
  TaskDefinitionError,
  type TaskDefinitionInput,
} from '../src/index.js';

const file: TaskDefinitionInput = {
  family: 'web',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    {
      name: 'app',
      image: 'registry.local/app:1',
      portMappings: [{ containerPort: 3000 }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '' },
      ],
    },
    { name: 'sidecar', image: 'registry.local/proxy:7', essential: false },
  ],
};

/** The same definition as DescribeTaskDefinition returns it, with ECS's defaults filled in. */
const registered: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4',
  family: 'web',
  revision: 4,
  status: 'ACTIVE',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  registeredAt: new Date(),
  volumes: [],
  placementConstraints: [],
  containerDefinitions: [
    {
      name: 'app',
      image: 'registry.local/app:1',
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
      environment: [
        { name: 'A', value: '' },
        { name: 'B', value: '2' },
      ],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    },
    { name: 'sidecar', image: 'registry.local/proxy:7', cpu: 0, essential: false, mountPoints: [] },
  ],
};

describe('parseTaskDefinitionFile', () => {
  it('reads JSON and YAML alike', () => {
    const yaml = 'family: web\ncontainerDefinitions:\n  - name: app\n    image: app:1\n';
    expect(parseTaskDefinitionFile(yaml, 'td.yaml')).toEqual({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'app:1' }],
    });
    expect(parseTaskDefinitionFile(JSON.stringify(file), 'td.json')).toEqual(file);
  });

  it('takes saved describe-task-definition output, dropping read-only fields and keeping tags', () => {
    const saved = JSON.stringify({ taskDefinition: registered, tags: [{ key: 'team', value: 'web' }] });
    const parsed = parseTaskDefinitionFile(saved, 'described.json') as unknown as Record<string, unknown>;
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'compatibilities',
      'requiresAttributes',
      'registeredAt',
    ]) {
      expect(parsed).not.toHaveProperty(field);
    }
    expect(parsed.tags).toEqual([{ key: 'team', value: 'web' }]);
  });

  it.each([
    ['{ family: web', 'td.json', /td.json is not valid JSON/],
    ['family: [', 'td.yml', /td.yml is not valid YAML/],
    ['[]', 'td.json', /must hold a task definition object/],
    ['{"family": "bad name", "containerDefinitions": []}', 'td.json', /"family" must be/],
    ['{"family": "web", "containerDefinitions": []}', 'td.json', /at least one container/],
    ['{"family": "web", "containerDefinitions": [{"image": "x"}]}', 'td.json', /\[0\] has no "name"/],
    ['{"family": "web", "containerDefinitions": [{"name": "a"}]}', 'td.json', /container "a" has no "image"/],
    [
      '{"family": "web", "containerDefinitions": [{"name": "a", "image": "x"}, {"name": "a", "image": "y"}]}',
      'td.json',
      /"a" appears twice/,
    ],
  ])('refuses %s', (text, name, problem) => {
    expect(() => parseTaskDefinitionFile(text, name)).toThrow(problem);
  });
});

describe('renderTaskDefinition', () => {
  it('sets images and environment per container without touching the input', () => {
    const rendered = renderTaskDefinition(file, {
      images: new Map([['app', 'registry.local/app@sha256:abc']]),
      environment: new Map([
        [
          'app',
          new Map([
            ['B', 'changed'],
            ['C', ''],
            ['APP_VERSION', '1.2.3'],
          ]),
        ],
      ]),
    });
    const app = rendered.containerDefinitions?.[0];
    expect(app?.image).toBe('registry.local/app@sha256:abc');
    expect(app?.environment).toEqual([
      { name: 'B', value: 'changed' },
      { name: 'A', value: '' },
      { name: 'C', value: '' },
      { name: 'APP_VERSION', value: '1.2.3' },
    ]);
    expect(file.containerDefinitions?.[0]?.image).toBe('registry.local/app:1');
  });

  it('names the containers that exist when asked for one that does not', () => {
    expect(() => renderTaskDefinition(file, { images: new Map([['api', 'x']]) })).toThrow(
      new TaskDefinitionError('container-images names container "api", but web has only: app, sidecar'),
    );
  });
});

describe('comparing with the registered revision', () => {
  it('sees no difference when only ECS defaults and ordering differ', () => {
    expect(diffTaskDefinitions(file, registered)).toEqual([]);
    expect(sameTaskDefinition(file, registered)).toBe(true);
  });

  it('lists what changed, by container and variable name', () => {
    const next = renderTaskDefinition(file, {
      images: new Map([['app', 'registry.local/app:2']]),
      environment: new Map([['app', new Map([['A', 'now-set']])]]),
    });
    expect(diffTaskDefinitions(registered, next)).toEqual([
      { path: 'containerDefinitions.app.environment.A', before: '', after: 'now-set' },
      {
        path: 'containerDefinitions.app.image',
        before: 'registry.local/app:1',
        after: 'registry.local/app:2',
      },
    ]);
  });

  it('treats a memory change and an essential flag change as real', () => {
    expect(diffTaskDefinitions(registered, { ...file, memory: '1024' }).map((d) => d.path)).toEqual([
      'memory',
    ]);
    const essential = structuredClone(file);
    (essential.containerDefinitions ?? [])[1]!.essential = true;
    expect(diffTaskDefinitions(registered, essential).map((d) => d.path)).toEqual([
      'containerDefinitions.sidecar.essential',
    ]);
  });
});
