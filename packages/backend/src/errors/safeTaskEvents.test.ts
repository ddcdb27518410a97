/*
 * Task events of steps that fail in the scaffolder itself (an input that breaks the action's
 * schema, an unknown action), through the real scaffolder and catalog behind the portal's root
 * router: the events list and the event stream carry the error's name and message, never a
 * stack frame or a server path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { policyPermissionsFactory } from '../__testUtils__/policyPermissions';
import { freePort } from './__testUtils__/demoBackend';
import {
  createMessageScrubber,
  rootHttpRouterWithSafeErrors,
} from './safeErrors';
import { toSafeEventStreamChunk, toSafeTaskEvent } from './safeTaskEvents';

jest.setTimeout(120_000);

const scrub = createMessageScrubber(['work', 'tmp', 'usr', 'home']);
const STACK =
  'InputError: Invalid input passed to action debug:log, instance.message is not of a type(s) string\n' +
  '    at NunjucksWorkflowRunner.executeStep (/work/x/node_modules/@backstage/plugin-scaffolder-backend/dist/a.cjs.js:1:2)\n' +
  '    at async run (node:internal/y:3:4)';

describe('toSafeTaskEvent', () => {
  it('keeps the first line of a logged stack and the event fields, scrubs the error', () => {
    expect(
      toSafeTaskEvent(
        {
          id: 7,
          taskId: 't',
          type: 'log',
          createdAt: '2026-12-06T20:00:00Z',
          body: {
            stepId: 's',
            status: 'failed',
            message: STACK,
            error: {
              name: 'Error',
              message: "open '/tmp/w/x.yaml'",
              stack: STACK,
            },
          },
        },
        scrub,
      ),
    ).toEqual({
      id: 7,
      taskId: 't',
      type: 'log',
      createdAt: '2026-12-06T20:00:00Z',
      body: {
        stepId: 's',
        status: 'failed',
        message:
          'InputError: Invalid input passed to action debug:log, instance.message is not of a type(s) string',
        error: { name: 'Error', message: "open '<server path>'" },
      },
    });
  });

  it('scrubs every data line of an event-stream chunk and leaves the rest', () => {
    const chunk = `event: log\ndata: ${JSON.stringify({
      body: { message: STACK },
    })}\n\n`;
    expect(toSafeEventStreamChunk(chunk, scrub)).toBe(
      `event: log\ndata: ${JSON.stringify({
        body: {
          message:
            'InputError: Invalid input passed to action debug:log, instance.message is not of a type(s) string',
        },
      })}\n\n`,
    );
    expect(toSafeEventStreamChunk('data: not json\n\n', scrub)).toBe(
      'data: not json\n\n',
    );
  });
});

const template = (name: string, step: Record<string, unknown>) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name },
  spec: {
    owner: 'group:default/platform-engineers',
    type: 'test',
    steps: [step],
  },
});

type TaskEvent = { type: string; body: Record<string, unknown> };

describe('task events of the real scaffolder behind the portal root router', () => {
  let backend: ReturnType<typeof createBackend>;
  let dir: string;
  let baseUrl: string;
  const headers = {
    Authorization: mockCredentials.user.header('user:default/pat'),
    'content-type': 'application/json',
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tenancy-tasks-'));
    const file = path.join(dir, 'templates.yaml');
    writeFileSync(
      file,
      [
        template('bad-input', {
          id: 'log',
          name: 'Log',
          action: 'debug:log',
          input: { message: 42 },
        }),
        template('unknown-action', {
          id: 'nope',
          name: 'Nope',
          action: 'tenancy:no:such',
        }),
      ]
        .map(t => JSON.stringify(t))
        .join('\n---\n'),
    );
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // The backend as the portal builds it (its root router with the safe error and task event
    // bodies), with test users: startTestBackend would bring its own root router.
    backend = createBackend();
    for (const feature of [
      rootHttpRouterWithSafeErrors,
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      policyPermissionsFactory(),
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      mockServices.rootLogger.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl,
            listen: { host: '127.0.0.1', port },
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          catalog: {
            rules: [{ allow: ['Template', 'Location'] }],
            locations: [{ type: 'file', target: file }],
          },
        },
      }),
    ]) {
      backend.add(feature);
    }
    await backend.start();
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a task of `name` once the catalog has the template; answers its id. */
  const startTask = async (name: string): Promise<string> => {
    for (let i = 0; ; i++) {
      const res = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          templateRef: `template:default/${name}`,
          values: {},
        }),
      });
      if (res.status === 201) return ((await res.json()) as { id: string }).id;
      if (i > 200) throw new Error(`POST /v2/tasks: ${res.status}`);
      await new Promise(r => setTimeout(r, 250));
    }
  };

  /** The task's events once it completed, from `GET …/events`. */
  const events = async (id: string): Promise<TaskEvent[]> => {
    for (let i = 0; ; i++) {
      const res = await fetch(
        `${baseUrl}/api/scaffolder/v2/tasks/${id}/events`,
        {
          headers,
        },
      );
      const all = (await res.json()) as TaskEvent[];
      if (all.some(e => e.type === 'completion')) return all;
      if (i > 200) throw new Error(`task ${id} did not complete`);
      await new Promise(r => setTimeout(r, 250));
    }
  };

  const failedLine = (all: TaskEvent[]) =>
    all.find(e => e.type === 'log' && e.body.status === 'failed')?.body.message;

  it.each([
    [
      'bad-input',
      'InputError: Invalid input passed to action debug:log, instance.message is not of a type(s) string',
    ],
    [
      'unknown-action',
      "NotFoundError: Template action with ID 'tenancy:no:such' is not registered. See https://backstage.io/docs/features/software-templates/builtin-actions/ on how to add a new action module.",
    ],
  ])(
    '%s: the failed step logs just the error, in the list and the stream',
    async (name, line) => {
      const id = await startTask(name);
      const listed = await events(id);
      expect(failedLine(listed)).toBe(line);
      const stream = await fetch(
        `${baseUrl}/api/scaffolder/v2/tasks/${id}/eventstream`,
        { headers },
      );
      const text = await stream.text();
      const streamed = text
        .split('\n')
        .filter(l => l.startsWith('data: '))
        .map(l => JSON.parse(l.slice(6)) as TaskEvent);
      expect(failedLine(streamed)).toBe(line);
      for (const body of [JSON.stringify(listed), text]) {
        expect(body).not.toContain('    at ');
        expect(body).not.toMatch(
          /\/work\/|\/home\/|node_modules|\.ts:|\.js:\d/,
        );
      }
    },
  );
});
