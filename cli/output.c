/*
 * libvipcare — the vipcare command: writing CSV and JSON.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define OUT_BUFFER (1 << 20)

int out_open(struct out *o, const char *command, const char *path)
{
	o->path = path;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = stdout;
		o->path = NULL;
		return EXIT_DONE;
	}
	o->f = fopen(path, "w");
	if (o->f == NULL) {
		fprintf(stderr, "vipcare %s: cannot create %s: %s\n", command, path, strerror(errno));
		return EXIT_IO;
	}
	setvbuf(o->f, NULL, _IOFBF, OUT_BUFFER);
	return EXIT_DONE;
}

int out_close(struct out *o, const char *command)
{
	int failed;

	if (o->f == NULL)
		return EXIT_DONE;
	failed = fflush(o->f) != 0 || ferror(o->f);
	if (o->path != NULL)
		failed |= fclose(o->f) != 0;
	if (failed) {
		fprintf(stderr, "vipcare %s: cannot write %s: %s\n", command,
			o->path ? o->path : "the standard output", strerror(errno));
	}
	o->f = NULL;
	return failed ? EXIT_IO : EXIT_DONE;
}

void out_csv_n(FILE *f, const char *s, size_t len)
{
	size_t i;

	/* RFC 4180: quote a field holding a comma, a quote or a line break */
	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (i == len) {
		fwrite(s, 1, len, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

void out_csv(FILE *f, const char *s)
{
	if (s != NULL)
		out_csv_n(f, s, strlen(s));
}

void out_json_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c < 0x20) {
			fputs("\\u00", f);
			fputc(hex[c >> 4], f);
			fputc(hex[c & 15], f);
		} else {
			fputc(c, f);
		}
	}
	fputc('"', f);
}

void out_money(FILE *f, int64_t amount)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	vipcare_money_format(buf, sizeof(buf), amount);
	fputs(buf, f);
}

void out_json_money(FILE *f, int64_t amount)
{
	fputc('"', f);
	out_money(f, amount);
	fputc('"', f);
}

void out_date(FILE *f, int32_t date)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	if (date == VIPCARE_DATE_NONE)
		return;
	vipcare_date_format(buf, sizeof(buf), date);
	fputs(buf, f);
}

void out_json_date(FILE *f, int32_t date)
{
	if (date == VIPCARE_DATE_NONE) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	out_date(f, date);
	fputc('"', f);
}

void quote_value(char *out, size_t size, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const size_t limit = 40;
	size_t o = 0, i;

	if (size < 8) {
		if (size)
			out[0] = '\0';
		return;
	}
	out[o++] = '"';
	for (i = 0; i < len && i < limit && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
			out[o++] = '\\';
			if (c == '"' || c == '\\') {
				out[o++] = (char)c;
			} else if (c == '\n') {
				out[o++] = 'n';
			} else if (c == '\r') {
				out[o++] = 'r';
			} else if (c == '\t') {
				out[o++] = 't';
			} else {
				out[o++] = 'x';
				out[o++] = hex[c >> 4];
				out[o++] = hex[c & 15];
			}
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	if (i < len && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}
