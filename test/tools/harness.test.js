'use strict';
/**
 * Proves the engine harness (test/harness) on BOTH n8n majors (jest projects n8n-1 and n8n-2):
 * fixture items, expressions, binary from a previous node, credential auth (Bearer header seen
 * by a local server), continue-on-fail / error output, node errors, and the cancel signal.
 * Uses a throwaway node + credential type defined here, so it does not need the package's dist.
 */
const http = require('node:http');
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { runWorkflow, chain, loadPackageNodeTypes, engineInfo, readBinary } = require('../harness');

// ---------------------------------------------------------------------------------------------
// A local HTTP server standing in for an API
// ---------------------------------------------------------------------------------------------
let server;
let baseUrl;
const requests = [];
const closedEarly = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const record = {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: text ? JSON.parse(text) : undefined,
			};
			requests.push(record);
			const send = (status, body) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.url.startsWith('/echo'))
				return send(200, {
					ok: true,
					authorization: req.headers.authorization,
					received: record.body,
				});
			if (req.url.startsWith('/fail'))
				return send(500, {
					code: 'InternalError',
					message: 'the service failed',
					request_id: 'req-1',
				});
			if (req.url.startsWith('/slow')) {
				// never answers: only the client aborting ends this request
				res.on('close', () => closedEarly.push(req.url));
				return undefined;
			}
			return send(404, { code: 'NotFound' });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
	server.closeAllConnections?.();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	requests.length = 0;
	closedEarly.length = 0;
});

// ---------------------------------------------------------------------------------------------
// Throwaway credential + node types
// ---------------------------------------------------------------------------------------------
class AlibabaWanTestApi {
	constructor() {
		this.name = 'alibabaWanTestApi';
		this.displayName = 'Harness Test API';
		this.properties = [
			{
				displayName: 'API Key',
				name: 'apiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
			{ displayName: 'Scheme', name: 'scheme', type: 'string', default: 'Bearer' },
		];
		// resolved through n8n's expression engine by the harness's credentials helper
		this.authenticate = {
			type: 'generic',
			properties: {
				headers: { Authorization: '={{ $credentials.scheme + " " + $credentials.apiKey.trim() }}' },
			},
		};
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

class HarnessAuthCall {
	constructor() {
		this.description = {
			displayName: 'Harness Auth Call',
			name: 'harnessAuthCall',
			group: ['transform'],
			version: 1,
			description: 'Test node',
			defaults: { name: 'Auth Call' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'alibabaWanTestApi', required: true }],
			properties: [
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					default: 'echo',
					options: [
						{ name: 'Echo', value: 'echo' },
						{ name: 'Fail', value: 'fail' },
						{ name: 'Wait For Cancel', value: 'waitForCancel' },
						{ name: 'Slow Request', value: 'slowRequest' },
						{ name: 'Ignore Cancel', value: 'ignoreCancel' },
					],
				},
				{ displayName: 'Prompt', name: 'prompt', type: 'string', default: '' },
				{ displayName: 'Binary Property', name: 'binaryPropertyName', type: 'string', default: '' },
				{
					displayName: 'Error Item Shape',
					name: 'errorShape',
					type: 'options',
					default: 'rich',
					options: [
						{ name: 'Rich JSON', value: 'rich' },
						{ name: 'Error And Message', value: 'errorMessage' },
						{ name: 'Item Error', value: 'itemError' },
					],
				},
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('alibabaWanTestApi');
		const out = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const mode = this.getNodeParameter('mode', i);
				if (mode === 'waitForCancel') {
					const signal = this.getExecutionCancelSignal();
					await new Promise((resolve, reject) => {
						const fail = () =>
							reject(
								new NodeOperationError(this.getNode(), 'Stopped: the execution was canceled', {
									itemIndex: i,
								}),
							);
						if (signal?.aborted) return fail();
						signal?.addEventListener('abort', fail, { once: true });
						sleep(20_000).then(resolve);
					});
					out.push({ json: { waited: true }, pairedItem: { item: i } });
					continue;
				}
				if (mode === 'ignoreCancel') {
					await sleep(1_500);
					out.push({ json: { ignored: true }, pairedItem: { item: i } });
					continue;
				}
				const request = {
					fail: { method: 'GET', url: `${credentials.baseUrl}/fail`, json: true },
					slowRequest: { method: 'GET', url: `${credentials.baseUrl}/slow`, json: true },
				}[mode];
				if (request) {
					const response = await this.helpers.httpRequestWithAuthentication.call(
						this,
						'alibabaWanTestApi',
						request,
					);
					out.push({ json: response, pairedItem: { item: i } });
					continue;
				}
				// echo: parameters (maybe expressions) + binary from the previous node, sent authenticated
				const body = { prompt: this.getNodeParameter('prompt', i), input: items[i].json };
				const binaryPropertyName = this.getNodeParameter('binaryPropertyName', i);
				const result = { pairedItem: { item: i } };
				if (binaryPropertyName) {
					const meta = this.helpers.assertBinaryData(i, binaryPropertyName);
					const buffer = await this.helpers.getBinaryDataBuffer(i, binaryPropertyName);
					body.binary = {
						base64: buffer.toString('base64'),
						mimeType: meta.mimeType,
						fileName: meta.fileName,
					};
					result.binary = {
						data: await this.helpers.prepareBinaryData(
							Buffer.concat([buffer, Buffer.from('!')]),
							'out.bin',
							'application/octet-stream',
						),
					};
				}
				const response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					'alibabaWanTestApi',
					{
						method: 'POST',
						url: `${credentials.baseUrl}/echo`,
						body,
						json: true,
					},
				);
				out.push({ json: response, ...result });
			} catch (error) {
				if (this.continueOnFail()) {
					const shape = this.getNodeParameter('errorShape', i);
					const item = { json: { error: error.message }, pairedItem: { item: i } };
					if (shape === 'rich') {
						item.json.httpCode = error.httpCode;
						item.json.isNodeApiError = error instanceof NodeApiError;
					} else if (shape === 'errorMessage') {
						item.json.message = error.description ?? error.message;
					} else if (shape === 'itemError') {
						item.json.httpCode = error.httpCode;
						item.error = error;
					}
					out.push(item);
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

const nodeTypes = { 'harness.authCall': new HarnessAuthCall() };
const credentialTypes = { alibabaWanTestApi: new AlibabaWanTestApi() };
const creds = () => ({ alibabaWanTestApi: { apiKey: '  test-key-123 ', baseUrl } });

function trigger() {
	return {
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
}
function fixture() {
	return { name: 'Fixture', type: 'harness.fixture', typeVersion: 1, parameters: {} };
}
function authCall(parameters, extra = {}) {
	return { name: 'Auth Call', type: 'harness.authCall', typeVersion: 1, parameters, ...extra };
}

// ---------------------------------------------------------------------------------------------
describe(`engine harness on n8n ${engineInfo.core}`, () => {
	test('runs the n8n major this jest project selected, with one n8n-workflow', () => {
		const expectedMajor = require.resolve('n8n-core').includes('n8n-core-v1') ? 1 : 2;
		expect(engineInfo.major).toBe(expectedMajor);
		expect(engineInfo.workflow.split('.')[0]).toBe(String(expectedMajor));
		expect(require('n8n-core').WorkflowExecute).toBeDefined();
	});

	test('fixture items -> expression parameters -> binary from previous node -> authenticated request', async () => {
		const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const run = await runWorkflow({
			...chain(
				trigger(),
				fixture(),
				{
					name: 'Set JSON',
					type: 'harness.setJson',
					typeVersion: 1,
					parameters: { json: '={{ { "prompt": "make it " + $json.color, "n": $json.n + 1 } }}' },
				},
				authCall({ prompt: '={{ $json.prompt.toUpperCase() }}', binaryPropertyName: 'image' }),
			),
			items: [
				{
					json: { color: 'blue', n: 1 },
					binary: { image: { buffer: image, mimeType: 'image/png', fileName: 'in.png' } },
				},
				{
					json: { color: 'red', n: 2 },
					binary: {
						image: { buffer: Buffer.from('second'), mimeType: 'image/png', fileName: 'b.png' },
					},
				},
			],
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});

		expect(run.status).toBe('success');
		expect(run.error).toBeUndefined();
		expect(run.executedNodes).toEqual([
			'When clicking ‘Execute workflow’',
			'Fixture',
			'Set JSON',
			'Auth Call',
		]);

		// the Fixture turned Buffers into n8n binary data (inline base64, no storage id)
		const fixtureOut = run.items('Fixture');
		expect(fixtureOut[0].binary.image).toMatchObject({
			mimeType: 'image/png',
			fileName: 'in.png',
			fileExtension: 'png',
		});
		expect(fixtureOut[0].binary.image.id).toBeUndefined();
		expect(run.binary(fixtureOut[0], 'image').equals(image)).toBe(true);

		// Set JSON resolved its expression and kept the binary
		expect(run.items('Set JSON').map((i) => i.json)).toEqual([
			{ prompt: 'make it blue', n: 2 },
			{ prompt: 'make it red', n: 3 },
		]);
		expect(run.items('Set JSON')[1].binary.image.fileName).toBe('b.png');

		// the server saw both requests with the Bearer header from the generic credential auth
		expect(requests).toHaveLength(2);
		for (const r of requests) expect(r.headers.authorization).toBe('Bearer test-key-123');
		expect(requests[0].body.prompt).toBe('MAKE IT BLUE');
		expect(Buffer.from(requests[0].body.binary.base64, 'base64').equals(image)).toBe(true);
		expect(requests[1].body.binary).toMatchObject({ mimeType: 'image/png', fileName: 'b.png' });

		const out = run.items('Auth Call');
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({ ok: true, authorization: 'Bearer test-key-123' });
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(run.binary(out[1], 'data').toString()).toBe('second!');
		expect((await readBinary(out[1], 'data')).toString()).toBe('second!');
	});

	test('uses the credentials block of an exported node and applies credential defaults', async () => {
		const run = await runWorkflow({
			...chain(
				trigger(),
				authCall(
					{ prompt: 'plain' },
					{ credentials: { alibabaWanTestApi: { id: '7', name: 'My key' } } },
				),
			),
			credentials: { alibabaWanTestApi: { apiKey: 'k2', baseUrl, scheme: undefined } },
			nodeTypes,
			credentialTypes,
		});
		expect(run.status).toBe('success');
		expect(requests[0].headers.authorization).toBe('Bearer k2'); // `scheme` came from its default
		expect(requests[0].body).toEqual({ prompt: 'plain', input: {} });
	});

	test('a node error fails the run with the NodeApiError of the shared n8n-workflow', async () => {
		const run = await runWorkflow({
			...chain(trigger(), authCall({ mode: 'fail' })),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});
		expect(run.status).toBe('error');
		expect(run.error).toBeDefined();
		// WorkflowExecute stores errors as plain copies ({ ...error, message, stack }) in runData
		const error = run.nodeError('Auth Call');
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(run.error.message).toBe(error.message);
		expect(requests[0].headers.authorization).toBe('Bearer test-key-123');
		expect(() => run.items('Auth Call')).toThrow(/produced no data/);
	});

	test('continue on fail (regular output) yields an error item', async () => {
		const run = await runWorkflow({
			...chain(trigger(), authCall({ mode: 'fail' }, { onError: 'continueRegularOutput' })),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});
		expect(run.status).toBe('success');
		const [item, ...rest] = run.items('Auth Call');
		expect(rest).toHaveLength(0);
		expect(item.json.error).toEqual(expect.any(String));
		expect(String(item.json.httpCode)).toBe('500');
		// the NodeApiError n8n-core threw is an instance of the test's n8n-workflow NodeApiError
		expect(item.json.isNodeApiError).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('continue on fail (error output): { error, message } items go to output 1', async () => {
		const run = await runWorkflow({
			...chain(
				trigger(),
				authCall({ mode: 'fail', errorShape: 'errorMessage' }, { onError: 'continueErrorOutput' }),
			),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});
		expect(run.status).toBe('success');
		expect(run.output('Auth Call', 0)).toEqual([]);
		expect(run.output('Auth Call', 1)).toHaveLength(1);
		expect(run.output('Auth Call', 1)[0].json).toEqual({
			error: expect.any(String),
			message: expect.any(String),
		});
	});

	test('continue on fail (error output): n8n quirks of error items, reproduced by the real engine', async () => {
		// json with keys beyond error/message(/details on 2.x) and no item.error: NOT an error item
		const rich = await runWorkflow({
			...chain(
				trigger(),
				authCall({ mode: 'fail', errorShape: 'rich' }, { onError: 'continueErrorOutput' }),
			),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});
		expect(rich.output('Auth Call', 1)).toEqual([]);
		expect(rich.output('Auth Call', 0)[0].json).toMatchObject({
			error: expect.any(String),
			httpCode: '500',
		});

		// item.error set: routed to the error output, but n8n replaces json with { error: message }
		const itemError = await runWorkflow({
			...chain(
				trigger(),
				authCall({ mode: 'fail', errorShape: 'itemError' }, { onError: 'continueErrorOutput' }),
			),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
		});
		expect(itemError.output('Auth Call', 0)).toEqual([]);
		expect(itemError.output('Auth Call', 1)).toHaveLength(1);
		expect(itemError.output('Auth Call', 1)[0].json).toEqual({ error: expect.any(String) });
	});

	test('cancelAfterMs fires the execution cancel signal and the run ends quickly', async () => {
		const run = await runWorkflow({
			...chain(trigger(), authCall({ mode: 'waitForCancel' })),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
			cancelAfterMs: 300,
		});
		expect(run.status).toBe('canceled');
		expect(run.canceledAfterMs).toBeGreaterThanOrEqual(250);
		expect(run.durationMs).toBeLessThan(3_000);
	});

	test('cancel aborts an authenticated HTTP request in flight (n8n passes the signal itself)', async () => {
		const run = await runWorkflow({
			...chain(trigger(), authCall({ mode: 'slowRequest' })),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
			cancelAfterMs: 400,
		});
		expect(run.status).toBe('canceled');
		expect(run.durationMs).toBeLessThan(3_000);
		expect(requests).toHaveLength(1);
		await sleep(100);
		expect(closedEarly).toEqual(['/slow']);
	});

	test('settings.executionTimeout cancels like n8n does', async () => {
		const run = await runWorkflow({
			...chain(trigger(), authCall({ mode: 'waitForCancel' })),
			credentials: creds(),
			nodeTypes,
			credentialTypes,
			settings: { executionTimeout: 1 },
		});
		expect(run.status).toBe('canceled');
		expect(run.durationMs).toBeLessThan(4_000);
	});

	test('timeoutMs rejects when a node ignores the cancel signal', async () => {
		await expect(
			runWorkflow({
				...chain(trigger(), authCall({ mode: 'ignoreCancel' })),
				credentials: creds(),
				nodeTypes,
				credentialTypes,
				timeoutMs: 200,
				cancelGraceMs: 300,
			}),
		).rejects.toThrow(/did not stop/);
		await sleep(1_500); // let the ignoring node finish before the file ends
	});

	test('a missing fixture credential is reported as n8n would', async () => {
		const run = await runWorkflow({
			...chain(
				trigger(),
				authCall({}, { credentials: { alibabaWanTestApi: { id: '1', name: 'x' } } }),
			),
			credentials: {},
			nodeTypes,
			credentialTypes,
		});
		expect(run.status).toBe('error');
		expect(run.nodeError('Auth Call').message).toMatch(
			/does not exist for type "alibabaWanTestApi"/,
		);
	});

	test("loading the package's own dist types is lazy and tolerant", () => {
		const missing = loadPackageNodeTypes({ packageDir: '/nonexistent-package' });
		expect(missing.errors.length).toBeGreaterThan(0);
		expect(missing.nodeTypes).toEqual({});

		const pkg = loadPackageNodeTypes();
		if (pkg.errors.length === 0) {
			expect(Object.keys(pkg.nodeTypes)).toEqual(
				expect.arrayContaining(['alibabaWan', 'n8n-nodes-alibaba-wan.alibabaWan']),
			);
			expect(Object.keys(pkg.credentialTypes)).toContain('alibabaWanApi');
		}
	});
});
