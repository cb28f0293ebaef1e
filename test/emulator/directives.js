'use strict';

// Test and demo directives inside the prompt. They steer the fake task and are removed from the
// text the service "saw" (orig_prompt):
//   [[fail:CODE]]     task ends FAILED with CODE
//   [[partial:0,2]]   result images 0 and 2 fail with InternalError.Timeout
//   [[latency:MS]]    this task takes MS from create to end (overrides latencyMs and spread)
const PATTERN = /\[\[\s*(fail|partial|latency)\s*:\s*([^\]]*?)\s*\]\]/gi;

function extractDirectives(prompt) {
	const found = { fail: null, partial: [], latencyMs: null };
	const text = prompt.replace(PATTERN, (all, name, arg) => {
		name = name.toLowerCase();
		if (name === 'fail' && arg) found.fail = arg;
		if (name === 'partial') {
			for (const part of arg.split(',')) {
				const i = Number(part.trim());
				if (Number.isInteger(i) && i >= 0 && !found.partial.includes(i)) found.partial.push(i);
			}
		}
		if (name === 'latency' && Number.isFinite(Number(arg)) && Number(arg) >= 0)
			found.latencyMs = Number(arg);
		return '';
	});
	return { text: text.trim(), ...found };
}

module.exports = { extractDirectives };
