import {
	REGIONS,
	REGION_KEYS,
	regionBaseUrl,
	regionOfHost,
	usesWorkspaceDomain,
} from '../../../nodes/AlibabaWan/transport/regionTable';

describe('the region table', () => {
	test('saved credential values keep their hosts', () => {
		expect(regionBaseUrl('singapore', undefined)).toBe(
			'https://dashscope-intl.aliyuncs.com/api/v1',
		);
		expect(regionBaseUrl('beijing', 'shared')).toBe('https://dashscope.aliyuncs.com/api/v1');
		expect(regionBaseUrl('virginia', undefined)).toBe('https://dashscope-us.aliyuncs.com/api/v1');
	});

	test('regions without a shared domain always use the workspace domain', () => {
		expect(usesWorkspaceDomain('frankfurt', 'shared')).toBe(true);
		expect(usesWorkspaceDomain('tokyo', undefined)).toBe(true);
		expect(usesWorkspaceDomain('hongkong', undefined)).toBe(false);
		expect(usesWorkspaceDomain('hongkong', 'workspace')).toBe(true);
		expect(regionBaseUrl('frankfurt', 'shared', 'WS-1')).toBe(
			'https://ws-1.eu-central-1.maas.aliyuncs.com/api/v1',
		);
	});

	test('every host the table makes maps back to its region', () => {
		for (const key of REGION_KEYS) {
			const hosts = [new URL(regionBaseUrl(key, 'workspace', 'ws-a')).hostname];
			if (REGIONS[key].shared) hosts.push(new URL(regionBaseUrl(key, 'shared')).hostname);
			for (const host of hosts) expect([host, regionOfHost(host)]).toEqual([host, key]);
		}
		expect(regionOfHost('127.0.0.1')).toBeUndefined();
		expect(regionOfHost('ws-a.mars-1.maas.aliyuncs.com')).toBeUndefined();
		expect(regionOfHost('gateway.example.com')).toBeUndefined();
	});
});
