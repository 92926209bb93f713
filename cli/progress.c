/*
 * libvipcare — the vipcare command: a progress bar on stderr.
 * SPDX-License-Identifier: MIT
 *
 * Drawn only when stderr is a terminal, and only once a step has taken
 * more than a second, so that scripts and short runs see nothing of it.
 * The clock is read once every 1024 updates by default, to stay out of a
 * row loop's way; the bar is redrawn at most five times a second and erased at the
 * end.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define BAR_WIDTH 30

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->total = total;
	p->mask = 1023;
	p->enabled = isatty(STDERR_FILENO);
	if (p->enabled)
		p->start = p->last = now();
}

static void draw(struct progress *p, uint64_t done, double t)
{
	char bar[BAR_WIDTH + 1];
	int filled, i;
	unsigned percent;

	if (p->total > 0) {
		if (done > p->total)
			done = p->total;
		filled = (int)((double)done / (double)p->total * BAR_WIDTH);
		percent = (unsigned)((double)done * 100.0 / (double)p->total);
		for (i = 0; i < BAR_WIDTH; i++)
			bar[i] = i < filled ? '#' : '.';
		bar[BAR_WIDTH] = '\0';
		fprintf(stderr, "\r%-20.20s [%s] %3u%%  %5.1fs", p->label, bar, percent,
			t - p->start);
	} else {
		fprintf(stderr, "\r%-20.20s %llu  %5.1fs", p->label, (unsigned long long)done,
			t - p->start);
	}
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

void progress_update(struct progress *p, uint64_t done)
{
	double t;

	if (!p->enabled || (++p->calls & p->mask) != 0)
		return;
	t = now();
	if (t - p->start < 1.0 || t - p->last < 0.2)
		return;
	draw(p, done, t);
}

void progress_finish(struct progress *p)
{
	if (p->enabled && p->shown) {
		fprintf(stderr, "\r%*s\r", 20 + BAR_WIDTH + 16, "");
		fflush(stderr);
	}
	p->shown = 0;
}
