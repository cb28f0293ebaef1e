'use strict';
/**
 * What n8n builds to call a trigger node outside an execution (a poll, a webhook call): a
 * Workflow of that one node holding the given static data, the fixture credentials and the
 * additional data n8n passes. Shared by poll.js and webhook.js.
 */
const { getEngine } = require('./engine');
const { FixtureCredentialsHelper } = require('./credentials-helper');

let counter = 0;

/** `mode` 'manual' is the editor's (Fetch Test Event, Test URL): the workflow is then not active. */
function triggerNode({ node, credentials = {}, staticData = {}, workflowId, mode, label }) {
	const { internals } = require('./index');
	const { workflow: wfLib } = getEngine();
	const registries = internals.buildRegistries(
		{},
		{},
		[node.type],
		internals.credentialTypesUsed([node], credentials),
	);
	const [workflowNode] = internals.normalizeNodes([node], registries.nodeTypes, credentials, true);
	counter += 1;
	const workflow = new wfLib.Workflow({
		id: workflowId ?? `harness-${label}-wf-${process.pid}-${counter}`,
		name: `Harness ${label}`,
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
	const nodeType = registries.nodeTypes.getByNameAndVersion(
		workflowNode.type,
		workflowNode.typeVersion,
	);
	return {
		workflow,
		workflowNode,
		nodeType,
		additionalData,
		credentialsHelper,
		/** The static data now, as n8n would save it (plain JSON). */
		staticDataNow: () => JSON.parse(JSON.stringify(workflow.staticData)),
	};
}

module.exports = { triggerNode };
