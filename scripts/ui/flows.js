'use strict';
// What a newcomer does in the n8n 2.41.1 editor, step by step, with the checks of each step. The
// expected texts come from the package's own descriptions and model table (dist/), so the checks
// follow the code instead of restating it.
const path = require('node:path');
const { sleep } = require('../e2e/lib/util');
const { ROOT } = require('../e2e/lib/emulator');

/** The screenshots the README shows (docs/images/<name>.png). */
const DOC_SHOTS = [
	'panel-light',
	'panel-dark',
	'image-light',
	'image-dark',
	'fuse-light',
	'trigger-dark',
];

const built = (file) => require(path.join(ROOT, 'dist', file));

function expect(condition, message) {
	if (!condition) throw new Error(message);
}

function bind(page, { origin, workflowId, wanNode }) {
	const { MODELS } = built('nodes/AlibabaWan/create/index.js');
	const trigger = new (built('nodes/AlibabaWan/AlibabaWanTrigger.node.js').AlibabaWanTrigger)()
		.description;
	const most = Math.max(...Object.values(MODELS).map((l) => l.fuse.max));
	const visible = (selector) =>
		page.eval(
			(sel) =>
				[...document.querySelectorAll(sel)]
					.filter((e) => e.getBoundingClientRect().height > 0)
					.map((e) => e.innerText.trim()),
			selector,
		);
	const boxOf = (selector) =>
		page.waitFor(
			(sel) => {
				const box = document.querySelector(sel)?.getBoundingClientRect();
				return box?.width ? { x: box.x, y: box.y, width: box.width, height: box.height } : null;
			},
			{ what: selector },
			selector,
		);
	/** Picks `option` in the options parameter `name` of the open node. */
	const choose = async (name, option) => {
		await page.click(`[data-test-id=parameter-input-${name}]`);
		await page.click('.el-select-dropdown__item, [role=option]', option);
		await sleep(300);
	};

	const ui = {
		async signIn({ email, password }) {
			await page.goto(`${origin}/signin`);
			await page.click('input[name=emailOrLdapLoginId]');
			await page.type(email);
			await page.click('input[name=password]');
			await page.type(password);
			await page.click('[data-test-id=form-submit-button]');
			await page.waitFor(() => !location.pathname.startsWith('/signin'), { what: 'signed in' });
		},

		async openWorkflow() {
			await page.goto(`${origin}/workflow/${workflowId}`);
			await page.locate('[data-test-id=canvas-node]', wanNode);
			await sleep(500);
		},

		/**
		 * The editor's theme and n8n's experiments are read from localStorage at load. `048_collection_overhaul`
		 * is n8n 2.41's new list for fixedCollection entries (off by default; it shows entry titles).
		 */
		async setEditorPreferences({ theme, collectionOverhaul }) {
			await page.eval(
				(t, overhaul) => {
					localStorage.setItem('N8N_THEME', t);
					localStorage.setItem(
						'N8N_EXPERIMENT_OVERRIDES',
						JSON.stringify(overhaul ? { '048_collection_overhaul': 'variant' } : {}),
					);
				},
				theme,
				collectionOverhaul,
			);
		},

		async expectTheme(theme) {
			const shown = await page.eval(() => document.body.dataset.theme);
			expect(shown === theme, `the editor shows its ${shown} theme, not ${theme}`);
		},

		async openNode(name = wanNode) {
			await page.dblclick('[data-test-id=canvas-node]', name);
			await page.locate('[data-test-id=ndv]');
			await sleep(500);
		},

		async closeNode() {
			await page.click('[data-test-id=ndv-close-button]');
			await sleep(300);
		},

		async panelEntry(shot) {
			await ui.openWorkflow();
			await page.click('[data-test-id=node-creator-plus-button]');
			await page.waitFor(() => document.activeElement?.tagName === 'INPUT', {
				what: 'search focus',
			});
			await page.type('wan');
			const entry = await page.waitFor(
				() =>
					[...document.querySelectorAll('[data-test-id=item-iterator-item]')]
						.map((e) => e.innerText.trim())
						.find((t) => t.startsWith('Alibaba Wan')),
				{ what: 'the Alibaba Wan entry' },
			);
			expect(
				entry.includes(trigger.description),
				`the entry reads "${entry}", not the package's description`,
			);
			expect(
				/edit and fuse images/i.test(entry),
				`the entry does not speak of image editing: ${entry}`,
			);
			await shot('panel', await boxOf('[data-test-id=node-creator]'));
			await ui.openPanelEntry();
			const details = await page.text('[data-test-id=node-creator]');
			for (const action of ['Edit an image', 'Fuse images'])
				expect(details.includes(action), `no action "${action}" in: ${details}`);
			await shot('actions', await boxOf('[data-test-id=node-creator]'));
			await page.key('Escape', 'Escape', 27);
			await page.key('Escape', 'Escape', 27);
		},

		/** A new workflow, the panel opened and "wan" searched (what a newcomer does first). */
		async searchInNewWorkflow() {
			await page.goto(`${origin}/workflow/new`);
			await page.locate('[data-test-id=canvas-wrapper]');
			await sleep(500);
			await page.click('[data-test-id=node-creator-plus-button]');
			await page.waitFor(() => document.activeElement?.tagName === 'INPUT', {
				what: 'search focus',
			});
			await page.type('wan');
			await ui.openPanelEntry();
		},

		/** Opens the Alibaba Wan entry of the search results: its actions and triggers. */
		async openPanelEntry() {
			await page.click('[data-test-id=item-iterator-item]', 'Alibaba Wan');
			await page.waitFor(
				() =>
					/Actions \(\d+\)/.test(document.querySelector('[data-test-id=node-creator]')?.innerText),
				{ what: 'the Alibaba Wan actions' },
			);
			await sleep(600); // the panel slides in: click once it stands still
		},

		async triggerEvent(shot) {
			await ui.searchInNewWorkflow();
			// n8n lists an event as "On " + its name in lower case.
			const name = trigger.properties.find((p) => p.name === 'event').options[0].name;
			const event = `On ${name.toLowerCase()}`;
			const panel = await page.text('[data-test-id=node-creator]');
			expect(panel.includes(event), `no trigger "${event}" in: ${panel}`);
			expect(!/On on /i.test(panel), `a doubled "On on" in: ${panel}`);
			await shot('trigger-actions', await boxOf('[data-test-id=node-creator]'));
			await page.click('[data-test-id=node-creator] *', event);
			await page.locate('[data-test-id=ndv]');
			await sleep(800);
			const text = await page.text('[data-test-id=ndv]');
			expect(text.includes('Fire On'), 'the trigger opened without its Fire On field');
			await shot('trigger', await boxOf('[data-test-id=ndv]'));
			await ui.closeNode();
		},

		async modelList(shot) {
			await ui.openWorkflow();
			await ui.openNode();
			await page.click('[data-test-id=parameter-input-model]');
			await page.locate('.el-select-dropdown__item, [role=option]', 'Wan 2.7 Pro');
			const options = await visible('.el-select-dropdown__item, [role=option]');
			for (const [id, limits] of Object.entries(MODELS)) {
				const option = options.find((o) => o.startsWith(limits.label + '\n') || o === limits.label);
				expect(option, `no option "${limits.label}" in ${JSON.stringify(options)}`);
				expect(
					option.includes(id),
					`option "${limits.label}" does not show its id ${id}: ${option}`,
				);
			}
			expect(!options.some((o) => /Wan2\.\d-I/.test(o)), `a re-cased id in ${options}`);
			await shot('models', await boxOf('[data-test-id=ndv]'));
			await page.key('Escape', 'Escape', 27);
			await ui.closeNode();
		},

		/** Fuse added from the panel after the trigger; `titled`: n8n's new list, which shows entry titles. */
		async fuseImages(shot, { titled }) {
			// After the trigger step: the new workflow's panel now asks "What happens next?".
			await page.click('[data-test-id=node-creator-plus-button]');
			await page.waitFor(() => document.activeElement?.tagName === 'INPUT', {
				what: 'search focus',
			});
			await page.type('wan');
			await ui.openPanelEntry();
			await page.click('[data-test-id=node-creator] *', 'Fuse images');
			await page.locate('[data-test-id=ndv]', 'Add Image');
			const wan27 = MODELS['wan2.7-image'];
			const range = `${wan27.fuse.min} to ${wan27.fuse.max} images`;
			expect((await page.text('[data-test-id=ndv]')).includes(range), `no "${range}" shown`);
			// One more than any model takes. n8n 2.41.1's editor neither stops nor marks it (its list
			// ignores maxAllowedFields; the canvas lists no such issue): the range stays in view, and
			// a run is refused by n8n itself ("At most 9 fields are allowed", the engine tests).
			for (let i = 0; i <= most; i++) {
				const more = await page.eval(() =>
					[...document.querySelectorAll('[data-test-id=ndv] button')].some((b) =>
						b.innerText.includes('Add Image'),
					),
				);
				if (more) await page.click('[data-test-id=ndv] button', 'Add Image');
				else await page.click('[data-test-id=fixed-collection-add-header]');
				await sleep(250);
			}
			const entries = await page.eval(
				() =>
					document.querySelectorAll('[data-test-id=ndv] [data-test-id=parameter-input-source]')
						.length,
			);
			expect(entries === most + 1, `${entries} image entries, not ${most + 1}`);
			// The range is still shown above the ten entries: scrolled into view for the screenshot.
			await page.locate('[data-test-id=ndv] *', range);
			await sleep(250);
			if (titled) {
				const titles = await visible('[data-test-id=ndv] [data-item-key]');
				for (let i = 1; i <= most + 1; i++)
					expect(
						titles.some((t) => t.startsWith(`Image ${i}`)),
						`no entry titled "Image ${i}": ${titles}`,
					);
			}
			await shot(titled ? 'fuse-titled' : 'fuse', await boxOf('[data-test-id=ndv]'));
			await ui.closeNode();
		},

		async runTryWorkflow(shot) {
			await ui.openWorkflow();
			await page.click('[data-test-id=execute-workflow-button]');
			// The Wan node's output edge is labelled with its item count once the run succeeded.
			const outcome = await page.waitFor(
				() => {
					const text = document.body.innerText;
					return /Problem in node/.test(text) ? text : /\b2 items\b/.test(text) ? 'ok' : null;
				},
				{ timeoutMs: 60_000, what: 'the execution to end' },
			);
			expect(outcome === 'ok', `the run failed: ${outcome.slice(0, 300)}`);
			await ui.openNode();
			const text = await page.text('[data-test-id=output-panel]');
			expect(/image\/png|\.png/i.test(text), `no PNG in the output: ${text.slice(0, 300)}`);
			await shot('output', await boxOf('[data-test-id=ndv]'));
			// "View" shows the first image itself: it must decode (a real PNG, not just a file entry).
			await page.click('[data-test-id=output-panel] button', 'View');
			const size = await page.waitFor(
				() => {
					const img = [...document.querySelectorAll('[data-test-id=ndv] img')].find(
						(i) => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 50,
					);
					return img && `${img.naturalWidth}x${img.naturalHeight}`;
				},
				{ what: 'the result image shown' },
			);
			expect(/^\d+x\d+$/.test(size), `the image did not render: ${size}`);
			await shot('image', await boxOf('[data-test-id=ndv]'));
			await ui.closeNode();
		},
	};
	return ui;
}

module.exports = { bind, DOC_SHOTS };
