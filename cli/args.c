/*
 * libvipcare — the vipcare command: options.
 * SPDX-License-Identifier: MIT
 *
 * Every option is `--name VALUE` or `--name=VALUE`; `--help` (or `-h`)
 * shows a subcommand's help. An option a subcommand does not take, an
 * option given twice, a missing value or a stray argument is bad usage
 * (exit 1), named in the message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	size_t offset;
} option_fields[] = {
	{ "--data", offsetof(struct options, data) },
	{ "--policy", offsetof(struct options, policy) },
	{ "--rejects", offsetof(struct options, rejects) },
	{ "--format", offsetof(struct options, format) },
	{ "--output", offsetof(struct options, output) },
	{ "--asof", offsetof(struct options, asof) },
	{ "--from", offsetof(struct options, from) },
	{ "--to", offsetof(struct options, to) },
	{ "--customer", offsetof(struct options, customer) },
	{ "--at", offsetof(struct options, at) },
	{ "--out", offsetof(struct options, out) },
	{ "--members", offsetof(struct options, members) },
	{ "--seed", offsetof(struct options, seed) },
	{ "--start", offsetof(struct options, start) },
	{ "--end", offsetof(struct options, end) },
	{ "--scores", offsetof(struct options, scores) },
};

int usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vipcare %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vipcare %s --help'.\n", command);
	return EXIT_USAGE;
}

static int allowed_option(const char *const *allowed, const char *name, size_t len)
{
	size_t i;

	for (i = 0; allowed[i] != NULL; i++)
		if (strlen(allowed[i]) == len && memcmp(allowed[i], name, len) == 0)
			return 1;
	return 0;
}

int args_parse(struct options *o, const char *command, const char *const *allowed, int argc,
	       char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->command = command;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq, *value;
		size_t len, k;
		const char **field = NULL;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			o->help = 1;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0)
			return usage_error(command, "unexpected argument '%s'", arg);
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		if (!allowed_option(allowed, arg, len))
			return usage_error(command, "unknown option '%.*s'", (int)len, arg);
		for (k = 0; k < sizeof(option_fields) / sizeof(option_fields[0]); k++)
			if (strlen(option_fields[k].name) == len &&
			    memcmp(option_fields[k].name, arg, len) == 0)
				field = (const char **)((char *)o + option_fields[k].offset);
		if (field == NULL)
			return usage_error(command, "unknown option '%.*s'", (int)len, arg);
		if (eq) {
			value = eq + 1;
		} else {
			if (i + 1 >= argc)
				return usage_error(command, "option '%s' needs a value", arg);
			value = argv[++i];
		}
		if (*field != NULL)
			return usage_error(command, "option '%.*s' is given twice", (int)len, arg);
		*field = value;
	}
	return EXIT_DONE;
}

int args_date(const char *command, const char *option, const char *text, int32_t *out)
{
	char why[VIPCARE_ERRBUF_SIZE];

	if (vipcare_date_parse(out, text, strlen(text), why, sizeof(why)) != VIPCARE_OK)
		return usage_error(command, "%s: %s", option, why);
	return EXIT_DONE;
}

int args_timestamp(const char *command, const char *option, const char *text, int64_t *out)
{
	char why[VIPCARE_ERRBUF_SIZE];

	if (vipcare_timestamp_parse(out, text, strlen(text), why, sizeof(why)) != VIPCARE_OK)
		return usage_error(command, "%s: %s", option, why);
	return EXIT_DONE;
}

int args_count(const char *command, const char *option, const char *text, uint64_t min,
	       uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	const char *p;

	for (p = text; *p; p++) {
		if (*p < '0' || *p > '9' || n > max)
			break;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0' || p == text || n < min || n > max)
		return usage_error(command, "%s: expected a whole number %llu..%llu, found '%s'",
				   option, (unsigned long long)min, (unsigned long long)max, text);
	*out = n;
	return EXIT_DONE;
}

int args_format(const char *command, const char *text, const char *const *allowed,
		const char **out)
{
	size_t i;

	if (text == NULL) {
		*out = allowed[0];
		return EXIT_DONE;
	}
	for (i = 0; allowed[i] != NULL; i++) {
		if (strcmp(text, allowed[i]) == 0) {
			*out = allowed[i];
			return EXIT_DONE;
		}
	}
	return usage_error(command, "--format: expected %s%s%s%s%s, found '%s'", allowed[0],
			   allowed[1] ? (allowed[2] ? ", " : " or ") : "",
			   allowed[1] ? allowed[1] : "", allowed[1] && allowed[2] ? " or " : "",
			   allowed[1] && allowed[2] ? allowed[2] : "", text);
}
