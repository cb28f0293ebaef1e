'use strict';
/**
 * Two jest projects:
 *  - n8n-2: every test/**\/*.test.js, against n8n-core 2.x / n8n-workflow 2.x (the plain devDependencies).
 *  - n8n-1: only test/**\/*.engine.test.js, against n8n-core 1.x (npm alias n8n-core-v1). The mapper
 *    sends `n8n-core` to n8n-core-v1 and `n8n-workflow` to the copy n8n-core-v1 itself resolves, so
 *    the built node, the harness and the engine share ONE n8n-workflow (instanceof checks hold).
 *    test/harness resolves @n8n/di relative to the chosen n8n-core, so the Container is n8n-core's.
 *
 *   npx jest --selectProjects n8n-2
 *   npx jest --selectProjects n8n-1
 */
const path = require('node:path');

const TEST_TIMEOUT = 90_000; // above the harness's own 60 s run timeout, so its message wins

function n8nV1Mapper() {
	const coreV1Entry = require.resolve('n8n-core-v1');
	const coreV1Dir = path.dirname(require.resolve('n8n-core-v1/package.json'));
	// node_modules/n8n-core-v1/node_modules/n8n-workflow if nested, else the hoisted one
	const workflowForCoreV1 = require.resolve('n8n-workflow', { paths: [coreV1Dir] });
	return {
		'^n8n-core$': coreV1Entry,
		'^n8n-workflow$': workflowForCoreV1,
	};
}

const common = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testTimeout: TEST_TIMEOUT,
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
};

const projects = [
	{
		...common,
		displayName: 'n8n-2',
		testMatch: ['<rootDir>/test/**/*.test.js'],
	},
];

let v1Mapper;
try {
	v1Mapper = n8nV1Mapper();
} catch (error) {
	process.stderr.write(
		`jest.config.js: project n8n-1 disabled, n8n-core-v1 is not installed (${error.message.split('\n')[0]})\n`,
	);
}
if (v1Mapper) {
	projects.push({
		...common,
		displayName: 'n8n-1',
		testMatch: ['<rootDir>/test/**/*.engine.test.js'],
		moduleNameMapper: v1Mapper,
	});
}

module.exports = {
	projects,
	maxWorkers: 2,
	testTimeout: TEST_TIMEOUT,
};
