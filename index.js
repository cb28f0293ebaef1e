// Programmatic entry: the built node and credential classes (n8n itself loads them via package.json "n8n").
module.exports = {
	...require('./dist/nodes/AlibabaWan/AlibabaWan.node.js'),
	...require('./dist/nodes/AlibabaWan/AlibabaWanTrigger.node.js'),
	...require('./dist/nodes/AlibabaWan/AlibabaWanEventTrigger.node.js'),
	...require('./dist/credentials/AlibabaWanApi.credentials.js'),
};
