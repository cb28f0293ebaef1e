'use strict';
/**
 * Runs a polling trigger's poll() the way n8n's ActiveWorkflowManager does: one PollContext of
 * n8n-core (1.x and 2.x take the same first five arguments) over a Workflow holding the given
 * static data. The static data after the poll is handed back, so a test can poll again with it
 * (same process) or from a JSON copy of it (a restart).
 */
const { getEngine } = require('./engine');
const { FixtureCredentialsHelper } = require('./credentials-helper');

let pollCounter = 0;

/**
 * @param {object} options
 * @param {object} options.node the trigger node, as exported by n8n (name, type, parameters)
 * @param {Record<string, object>} [options.credentials] fixture credential data by credential TYPE
 * @param {object} [options.staticData] the workflow's static data before the poll (default none)
 * @param {'trigger'|'manual'} [options.mode] 'manual' is the editor's Fetch Test Event
 * @param {string} [options.workflowId] the same id for polls of one workflow (default: a new one)
 * @param {number} [options.pollBudgetMs] what n8n 2.x's getPollBudgetMs() answers (default its own)
 */
async function pollTrigger({
	node,
	credentials = {},
	staticData = {},
	mode = 'trigger',
	workflowId,
	pollBudgetMs,
}) {
	const { internals } = require('./index');
	const { core, workflow: wfLib } = getEngine();
	const registries = internals.buildRegistries(
		{},
		{},
		[node.type],
		internals.credentialTypesUsed([node], credentials),
	);
	const [workflowNode] = internals.normalizeNodes([node], registries.nodeTypes, credentials, true);
	pollCounter += 1;
	const workflow = new wfLib.Workflow({
		id: workflowId ?? `harness-poll-wf-${process.pid}-${pollCounter}`,
		name: 'Harness poll',
		nodes: [workflowNode],
		connections: {},
		active: mode !== 'manual',
		nodeTypes: registries.nodeTypes,
		staticData: structuredClone(staticData),
		settings: { executionOrder: 'v1' },
	});
	const credentialsHelper = new FixtureCredentialsHelper(registries.credentialTypes, credentials);
	const additionalData = {
		credentialsHelper,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		variables: {},
		logAiEvent() {},
	};
	const context = new core.PollContext(
		workflow,
		workflowNode,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	if (pollBudgetMs !== undefined) context.getPollBudgetMs = () => pollBudgetMs;
	const nodeType = registries.nodeTypes.getByNameAndVersion(
		workflowNode.type,
		workflowNode.typeVersion,
	);
	const response = await nodeType.poll.call(context);
	return {
		response,
		items: response?.[0] ?? [],
		/** The static data after the poll, as n8n would save it (plain JSON). */
		staticData: JSON.parse(JSON.stringify(workflow.staticData)),
		credentialsHelper,
	};
}

module.exports = { pollTrigger };
