/*
 * libvipcare — the vipcare command: a mall's VIP customer care on CSV
 * files (DESIGN §10). main() picks the subcommand.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "demo", "generate a mall, run it all, write the report, print a summary", cmd_demo },
	{ "generate", "write a synthetic mall's data folder", cmd_generate },
	{ "score", "every member's tier as of a date, explained", cmd_score },
	{ "agenda", "the care agenda of a date range", cmd_agenda },
	{ "kpi", "the KPIs of a period, as JSON, CSV or an HTML report", cmd_kpi },
	{ "benefits", "one customer's checkout screen at a time", cmd_benefits },
	{ "points", "every member's points balance as of a date", cmd_points },
	{ "policy", "validate a policy and print the effective policy", cmd_policy },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: vipcare COMMAND [OPTIONS]\n"
	      "       vipcare COMMAND --help\n"
	      "\n"
	      "A shopping mall's VIP customer care on a folder of CSV files.\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Data commands take --data DIR (default: the current folder), --policy FILE\n"
	      "(default: the default policy) and --rejects FILE (write bad rows there and\n"
	      "go on). Start with `vipcare demo`.\n"
	      "\n"
	      "Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n",
	      f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("vipcare %s (libvipcare %s)\n", VIPCARE_VERSION_STRING,
		       vipcare_version_string());
		return EXIT_DONE;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "vipcare: unknown command '%s'\nTry 'vipcare --help'.\n", argv[1]);
	return EXIT_USAGE;
}
