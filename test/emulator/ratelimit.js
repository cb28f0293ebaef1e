'use strict';

// Sliding-window counters per account (one window per limited route group).
const { CHOICES } = require('./facts');

class SlidingWindow {
	constructor(windowMs = 1000) {
		this.windowMs = windowMs;
		this.hits = new Map(); // account -> ascending timestamps inside the window
	}

	/** True and counted when under `limit`; false otherwise (counted only if CHOICES say so). null = unlimited. */
	tryTake(account, limit, now) {
		if (limit === null || limit === undefined) return true;
		let list = this.hits.get(account);
		if (!list) this.hits.set(account, (list = []));
		const floor = now - this.windowMs;
		let drop = 0;
		while (drop < list.length && list[drop] <= floor) drop++;
		if (drop) list.splice(0, drop);
		if (list.length >= limit) {
			if (CHOICES.rejectedCountTowardRate) list.push(now);
			return false;
		}
		list.push(now);
		return true;
	}

	clear() {
		this.hits.clear();
	}
}

module.exports = { SlidingWindow };
