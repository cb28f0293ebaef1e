'use strict';
/**
 * Runs n8n workflows through the REAL n8n engine (n8n-core WorkflowExecute), n8n 1.x or 2.x
 * (whichever `require('n8n-core')` gives: see jest.config.js projects `n8n-1` / `n8n-2`).
 *
 *   const { runWorkflow } = require('./harness');
 *   const run = await runWorkflow({ nodes, connections, credentials, items, cancelAfterMs });
 *   run.status; run.items('Alibaba Wan'); run.binary(run.items('Alibaba Wan')[0], 'data');
 *
 * See README.md in this folder for the full API.
 */
const { getEngine } = require('./engine');
const { builtinNodeTypes, fixtureItems } = require('./builtin-nodes');
const { NodeTypes, CredentialTypes, loadPackageNodeTypes } = require('./node-types');
const { FixtureCredentialsHelper } = require('./credentials-helper');

const BASE_URL = 'http://localhost:5678';
const DEFAULT_TIMEOUT_MS = 60_000;
const CANCEL_GRACE_MS = 5_000;

let runCounter = 0;

const PACKAGE_HINT =
	"The package's own types come from dist/ (package.json n8n.nodes / n8n.credentials): run `npm run build`";

function buildRegistries(
	extraNodeTypes = {},
	extraCredentialTypes = {},
	neededNodeTypes = [],
	neededCredTypes = [],
) {
	const nodeTypes = { ...builtinNodeTypes(), ...extraNodeTypes };
	const credentialTypes = { ...extraCredentialTypes };
	const missing =
		neededNodeTypes.some((t) => !(t in nodeTypes)) ||
		neededCredTypes.some((t) => !(t in credentialTypes));
	let hint;
	if (missing) {
		// Lazy: the package's dist is only required when a workflow needs something not given here.
		const pkg = loadPackageNodeTypes();
		for (const [k, v] of Object.entries(pkg.nodeTypes)) if (!(k in nodeTypes)) nodeTypes[k] = v;
		for (const [k, v] of Object.entries(pkg.credentialTypes))
			if (!(k in credentialTypes)) credentialTypes[k] = v;
		if (pkg.errors.length) {
			hint = `${PACKAGE_HINT} (loading it failed: ${pkg.errors.map((e) => e.message.split('\n')[0]).join('; ')})`;
		}
	}
	return {
		nodeTypes: new NodeTypes(nodeTypes, hint),
		credentialTypes: new CredentialTypes(credentialTypes, hint),
	};
}

function pickStartNode(workflow, nodes, connections, startNodeName) {
	if (startNodeName) {
		const node = workflow.getNode(startNodeName);
		if (!node) throw new Error(`runWorkflow: start node "${startNodeName}" not found`);
		return node;
	}
	const enabled = nodes.filter((n) => !n.disabled);
	const trigger = enabled.find((n) => /(^|\.)manualTrigger$/.test(n.type));
	if (trigger) return workflow.getNode(trigger.name);
	const hasIncoming = new Set();
	for (const outputs of Object.values(connections)) {
		for (const conns of Object.values(outputs)) {
			for (const list of conns ?? []) for (const c of list ?? []) hasIncoming.add(c.node);
		}
	}
	const roots = enabled.filter((n) => !hasIncoming.has(n.name));
	const root = roots.find((n) => n.type === 'harness.fixture') ?? roots[0] ?? enabled[0];
	if (!root) throw new Error('runWorkflow: the workflow has no node to start from');
	return workflow.getNode(root.name);
}

function normalizeNodes(nodes, nodeTypes, credentials, autoAttachCredentials) {
	return nodes.map((original, index) => {
		const node = structuredClone(original);
		node.id ??= `node-${index}`;
		node.parameters ??= {};
		node.position ??= [index * 220, 0];
		if (node.typeVersion === undefined) {
			const type = nodeTypes.getByName(node.type);
			node.typeVersion =
				type.description?.defaultVersion ?? [].concat(type.description?.version ?? 1).pop();
		}
		if (autoAttachCredentials && node.credentials === undefined) {
			let declared = [];
			try {
				declared =
					nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
			} catch {
				// unknown type: n8n reports it when the workflow runs
			}
			for (const { name } of declared) {
				if (credentials[name] === undefined) continue;
				node.credentials ??= {};
				node.credentials[name] = { id: `fixture-${name}`, name: `${name} (fixture)` };
			}
		}
		return node;
	});
}

function credentialTypesUsed(nodes, credentials) {
	const used = new Set(Object.keys(credentials));
	for (const n of nodes) for (const t of Object.keys(n.credentials ?? {})) used.add(t);
	return [...used];
}

/**
 * @param {object} options
 * @param {object[]} options.nodes workflow nodes, as exported by n8n
 * @param {object} [options.connections] workflow connections, as exported by n8n
 * @param {Record<string, object>} [options.credentials] fixture credential data by credential TYPE
 * @param {object[]} [options.items] items emitted by a `harness.fixture` node
 * @param {number} [options.cancelAfterMs] call .cancel() on the running execution after that long
 * @param {number} [options.timeoutMs] safety timeout for the whole run (default 60 s)
 * @param {number} [options.cancelGraceMs] after timeoutMs, how long the canceled run may take to stop (default 5 s)
 * @param {object} [options.settings] workflow settings (executionOrder defaults to 'v1')
 * @param {Record<string, object>} [options.nodeTypes] extra node types by type name
 * @param {Record<string, object>} [options.credentialTypes] extra credential types by name
 * @param {string} [options.startNode] name of the node to start from
 * @param {object} [options.pinData] pin data by node name
 * @param {boolean} [options.autoAttachCredentials] attach fixture credentials to nodes without a credentials block (default true)
 */
async function runWorkflow(options) {
	const {
		nodes,
		connections = {},
		credentials = {},
		items,
		cancelAfterMs,
		timeoutMs = DEFAULT_TIMEOUT_MS,
		cancelGraceMs = CANCEL_GRACE_MS,
		settings = {},
		nodeTypes: extraNodeTypes,
		credentialTypes: extraCredentialTypes,
		startNode: startNodeName,
		pinData,
		autoAttachCredentials = true,
		name = 'Harness workflow',
	} = options ?? {};
	if (!Array.isArray(nodes) || nodes.length === 0)
		throw new Error('runWorkflow: `nodes` must be a non-empty array');
	if (items !== undefined && !nodes.some((n) => n.type === 'harness.fixture' && !n.disabled)) {
		throw new Error(
			'runWorkflow: `items` are emitted by a node of type "harness.fixture"; the workflow has none',
		);
	}

	const engine = getEngine();
	const { core, workflow: wfLib } = engine;

	const registries = buildRegistries(
		extraNodeTypes,
		extraCredentialTypes,
		nodes.map((n) => n.type),
		credentialTypesUsed(nodes, credentials),
	);
	const workflowNodes = normalizeNodes(
		nodes,
		registries.nodeTypes,
		credentials,
		autoAttachCredentials,
	);

	runCounter += 1;
	const workflowId = `harness-wf-${process.pid}-${runCounter}`;
	const executionId = `harness-exec-${process.pid}-${runCounter}`;
	const workflowSettings = { executionOrder: 'v1', ...settings };

	const workflow = new wfLib.Workflow({
		id: workflowId,
		name,
		nodes: workflowNodes,
		connections,
		active: false,
		nodeTypes: registries.nodeTypes,
		staticData: {},
		settings: workflowSettings,
	});
	const startNode = pickStartNode(workflow, workflowNodes, connections, startNodeName);

	const workflowData = {
		id: workflowId,
		name,
		active: false,
		isArchived: false,
		nodes: workflowNodes,
		connections,
		settings: workflowSettings,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const hooks = new core.ExecutionLifecycleHooks('manual', executionId, workflowData);
	const hookRuns = [];
	const nodeExecutionOrder = [];
	hooks.addHandler('nodeExecuteBefore', (nodeName) => nodeExecutionOrder.push(nodeName));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		hookRuns.push(fullRunData);
	});

	const credentialsHelper = new FixtureCredentialsHelper(registries.credentialTypes, credentials);
	const startedAt = Date.now();
	const firstLogLine = engine.logLines.length;
	const executionTimeout = Number(workflowSettings.executionTimeout);
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		executionTimeoutTimestamp:
			executionTimeout > 0 ? startedAt + executionTimeout * 1000 : undefined,
		variables: {},
		setExecutionStatus() {},
		sendDataToUI() {},
		logAiEvent() {},
		async executeWorkflow() {
			throw new Error('test harness: executing sub-workflows is not supported');
		},
		async getRunExecutionData() {
			return undefined;
		},
		async startRunnerTask() {
			throw new Error('test harness: task runners (Code node) are not supported');
		},
	};

	if (items !== undefined) fixtureItems.set(workflowId, items);
	const timers = [];
	try {
		const workflowExecute = new core.WorkflowExecute(additionalData, 'manual');
		const execution = engine.startRun(workflowExecute, { workflow, startNode, pinData });
		let canceledAt;
		const cancel = () => {
			if (canceledAt === undefined) canceledAt = Date.now();
			execution.cancel();
		};
		if (cancelAfterMs !== undefined) timers.push(setTimeout(cancel, cancelAfterMs));
		if (additionalData.executionTimeoutTimestamp !== undefined) {
			// what n8n's WorkflowRunner does on `settings.executionTimeout`
			timers.push(setTimeout(cancel, executionTimeout * 1000));
		}

		let timedOut = false;
		const raw = await new Promise((resolve, reject) => {
			execution.then(resolve, reject);
			timers.push(
				setTimeout(() => {
					timedOut = true;
					cancel();
					timers.push(
						setTimeout(() => {
							const error = new Error(
								`runWorkflow: the run did not finish within ${timeoutMs} ms and did not stop ` +
									`within ${cancelGraceMs} ms of being canceled (does a node ignore the cancel signal?)`,
							);
							error.partialRun = hookRuns[0];
							reject(error);
						}, cancelGraceMs),
					);
				}, timeoutMs),
			);
		});
		const durationMs = Date.now() - startedAt;
		if (timedOut) {
			const error = new Error(
				`runWorkflow: the run did not finish within ${timeoutMs} ms; it was canceled ` +
					`(status "${raw?.status}") after ${durationMs} ms`,
			);
			error.run = createRunResult(engine, raw, { durationMs });
			throw error;
		}
		return createRunResult(engine, raw, {
			durationMs,
			canceledAfterMs: canceledAt === undefined ? undefined : canceledAt - startedAt,
			nodeExecutionOrder,
			credentialsHelper,
			logLines: engine.logLines.slice(firstLogLine),
			hookRuns,
			workflowId,
			executionId,
		});
	} finally {
		for (const t of timers) clearTimeout(t);
		fixtureItems.delete(workflowId);
	}
}

function createRunResult(engine, raw, extra = {}) {
	const runData = raw?.data?.resultData?.runData ?? {};
	const describeRun = () => {
		const parts = Object.entries(runData).map(([nodeName, runs]) => {
			const err = runs?.[0]?.error;
			return err ? `${nodeName} (error: ${err.message})` : nodeName;
		});
		const wfError = raw?.data?.resultData?.error;
		return `status "${raw?.status}", nodes run: ${parts.join(', ') || 'none'}${wfError ? `, error: ${wfError.message}` : ''}`;
	};
	const taskData = (nodeName, runIndex = 0) => {
		const task = runData[nodeName]?.[runIndex];
		if (!task) throw new Error(`Node "${nodeName}" has no run #${runIndex} (${describeRun()})`);
		return task;
	};
	const output = (nodeName, outputIndex = 0, runIndex = 0) => {
		const task = taskData(nodeName, runIndex);
		if (!task.data) {
			throw new Error(
				`Node "${nodeName}" produced no data${task.error ? `: ${task.error.message}` : ''} (${describeRun()})`,
			);
		}
		return task.data.main?.[outputIndex] ?? [];
	};
	return {
		status: raw?.status,
		finished: raw?.finished,
		error: raw?.data?.resultData?.error,
		raw,
		runData,
		engine: { major: engine.major, core: engine.coreVersion, workflow: engine.workflowVersion },
		lastNodeExecuted: raw?.data?.resultData?.lastNodeExecuted,
		...extra,
		/** the nodes that ran, in order */
		get executedNodes() {
			return Object.keys(runData);
		},
		ran(nodeName) {
			return runData[nodeName] !== undefined;
		},
		task: taskData,
		items(nodeName, runIndex = 0) {
			return output(nodeName, 0, runIndex);
		},
		output,
		nodeError(nodeName, runIndex = 0) {
			return runData[nodeName]?.[runIndex]?.error;
		},
		binary(item, propertyName = 'data') {
			return binaryBuffer(engine, item, propertyName);
		},
		describe: describeRun,
	};
}

/** Buffer of an item's binary property: inline base64, a stored id, or n8n 2.x "combined" mode. */
function binaryBuffer(engine, item, propertyName = 'data') {
	if (!item) throw new Error('binary(item, name): no item');
	let binaryData = item.binary?.[propertyName];
	if (!binaryData && item.json) {
		// n8n 2.x combined binary mode keeps the binary object inside json
		const candidate = propertyName.split('.').reduce((o, k) => (o == null ? o : o[k]), item.json);
		if (candidate && typeof candidate === 'object' && ('data' in candidate || 'id' in candidate)) {
			binaryData = candidate;
		}
	}
	if (!binaryData) {
		const keys = Object.keys(item.binary ?? {});
		throw new Error(
			`Item has no binary property "${propertyName}" (binary keys: ${keys.join(', ') || 'none'})`,
		);
	}
	if (binaryData.id) {
		const fs = require('node:fs');
		const service = engine.Container.get(engine.core.BinaryDataService);
		try {
			return fs.readFileSync(service.getPath(binaryData.id));
		} catch (error) {
			throw new Error(
				`Binary "${propertyName}" is stored as "${binaryData.id}" and cannot be read synchronously: ${error.message}. ` +
					'Use await readBinary(item, name).',
			);
		}
	}
	return Buffer.from(binaryData.data, 'base64');
}

/** Async variant of run.binary that also reads binary data kept by a storage manager. */
async function readBinary(item, propertyName = 'data') {
	const engine = getEngine();
	const binaryData = item?.binary?.[propertyName];
	if (binaryData?.id) {
		return await engine.Container.get(engine.core.BinaryDataService).getAsBuffer(binaryData);
	}
	return binaryBuffer(engine, item, propertyName);
}

/** Builds `{ nodes, connections }` for a straight chain of nodes (main output 0 -> input 0). */
function chain(...nodes) {
	const list = nodes.flat();
	const connections = {};
	for (let i = 0; i < list.length - 1; i++) {
		connections[list[i].name] = { main: [[{ node: list[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		nodes: list.map((n, i) => ({ position: [i * 220, 0], ...n })),
		connections,
	};
}

module.exports = {
	runWorkflow,
	/** Calls a polling trigger's poll() through n8n-core's PollContext (see poll.js). */
	get pollTrigger() {
		return require('./poll').pollTrigger;
	},
	/** Calls a webhook trigger's webhook() through n8n-core's WebhookContext (see webhook.js). */
	get callWebhook() {
		return require('./webhook').callWebhook;
	},
	/** Shared with poll.js and webhook.js. */
	internals: { buildRegistries, normalizeNodes, credentialTypesUsed },
	loadPackageNodeTypes,
	readBinary,
	chain,
	getEngine,
	get engineInfo() {
		const e = getEngine();
		return { major: e.major, core: e.coreVersion, workflow: e.workflowVersion, coreDir: e.coreDir };
	},
};
