'use strict';
// `npm run dev`'s ready workflow starts a newcomer where a node added from the nodes panel starts:
// the current node version, only fields that version shows, nothing n8n would flag.
const { NodeHelpers } = require('n8n-workflow');
const { tryMeWorkflow } = require('../../scripts/e2e/lib/dev');
const { AlibabaWan } = require('../../dist/nodes/AlibabaWan/AlibabaWan.node.js');

const description = new AlibabaWan().description;
const wanNode = () => tryMeWorkflow().nodes.find((n) => n.type.endsWith(`.${description.name}`));

test('the Try workflow holds the node at the version new nodes get', () => {
	expect(wanNode().typeVersion).toBe(description.defaultVersion);
});

test('every parameter it sets is a field of that version, and n8n flags no issue', () => {
	const node = wanNode();
	const shown = NodeHelpers.getNodeParameters(
		description.properties,
		node.parameters,
		true, // with defaults: a field is in the result exactly when this version shows it
		false,
		node,
		description,
	);
	expect(Object.keys(node.parameters).filter((name) => !(name in shown))).toEqual([]);
	expect(node.parameters.options?.model).toBeUndefined(); // the legacy "Model (Old Field)"
	expect(NodeHelpers.getNodeParametersIssues(description.properties, node, description)).toBeNull();
});
