/*
 * libvipcare — platform.h on Windows (built with mingw-w64 or MSVC).
 *
 * Paths are UTF-8 and go to the wide (UTF-16) calls, so that a folder
 * named in Chinese works. Flushing is FlushFileBuffers(); a rename is
 * MoveFileExW() with MOVEFILE_WRITE_THROUGH, which returns once the new
 * name is on the disk, so a folder needs no flush of its own. Files are
 * shared for reading, writing and deleting, so that the journal can be
 * replaced by a rename while a reader has it open; the lock file is
 * opened with no sharing at all, which is the lock: Windows drops it when
 * the process ends.
 * SPDX-License-Identifier: MIT
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "platform.h"

/* The longest path taken, in UTF-16 units (the classic limit is 260). */
#define WIDE_PATH 1024

static const char *reason(DWORD err, char *buf, size_t size)
{
	switch (err) {
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL: return "no space left on the disk";
	case ERROR_FILE_TOO_LARGE: return "the file would exceed the size limit";
	case ERROR_ACCESS_DENIED: return "permission denied";
	case ERROR_FILE_NOT_FOUND: return "no such file";
	case ERROR_PATH_NOT_FOUND: return "no such folder";
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION: return "in use by another engine (locked)";
	case ERROR_WRITE_PROTECT: return "the disk is write-protected";
	case ERROR_CRC:
	case ERROR_IO_DEVICE: return "input/output error of the device";
	case ERROR_TOO_MANY_OPEN_FILES: return "too many open files";
	case ERROR_FILENAME_EXCED_RANGE: return "the name is too long";
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS: return "already exists";
	default:
		snprintf(buf, size, "Windows error %lu", (unsigned long)err);
		return buf;
	}
}

static int fail_code(char *msg, DWORD err, const char *what, const char *path)
{
	char buf[32];

	return vipcare__fail(msg, VIPCARE_E_IO, "cannot %s %s: %s", what, path,
			     reason(err, buf, sizeof(buf)));
}

static int widen(const char *path, wchar_t *out, char *msg)
{
	if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, out, WIDE_PATH) == 0)
		return vipcare__fail(msg, VIPCARE_E_IO,
				     "cannot use the path %.64s: not UTF-8, or longer than %d characters",
				     path, WIDE_PATH - 1);
	return VIPCARE_OK;
}

int vipcare__file_open(struct vipcare__file *f, const char *path, int how, char *msg)
{
	wchar_t wide[WIDE_PATH];
	DWORD access, share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, disposition;
	HANDLE h;
	int rc;

	f->is_open = 0;
	f->handle = (intptr_t)INVALID_HANDLE_VALUE;
	f->path = path;
	rc = widen(path, wide, msg);
	if (rc != VIPCARE_OK)
		return rc;
	switch (how) {
	case VIPCARE__OPEN_READ:
		access = GENERIC_READ;
		disposition = OPEN_EXISTING;
		break;
	case VIPCARE__OPEN_CREATE:
		access = GENERIC_WRITE;
		disposition = CREATE_ALWAYS;
		break;
	case VIPCARE__OPEN_WRITE:
		access = GENERIC_WRITE;
		disposition = OPEN_EXISTING;
		break;
	default:
		access = GENERIC_READ | GENERIC_WRITE;
		disposition = OPEN_ALWAYS;
		share = 0;
		break;
	}
	h = CreateFileW(wide, access, share, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		DWORD err = GetLastError();

		if (how == VIPCARE__OPEN_LOCK && err == ERROR_SHARING_VIOLATION)
			return vipcare__fail(msg, VIPCARE_E_IO,
					     "the state folder is in use by another engine (%s is locked)",
					     path);
		return fail_code(msg, err, how == VIPCARE__OPEN_READ ? "read" : "write", path);
	}
	f->handle = (intptr_t)h;
	f->is_open = 1;
	return VIPCARE_OK;
}

int vipcare__path_exists(const char *path, int *exists, char *msg)
{
	wchar_t wide[WIDE_PATH];
	DWORD attributes, err;
	int rc = widen(path, wide, msg);

	if (rc != VIPCARE_OK)
		return rc;
	attributes = GetFileAttributesW(wide);
	if (attributes != INVALID_FILE_ATTRIBUTES) {
		*exists = 1;
		return VIPCARE_OK;
	}
	err = GetLastError();
	if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) {
		*exists = 0;
		return VIPCARE_OK;
	}
	return fail_code(msg, err, "look for", path);
}

int vipcare__file_size(struct vipcare__file *f, uint64_t *size, char *msg)
{
	LARGE_INTEGER n;

	if (!GetFileSizeEx((HANDLE)f->handle, &n))
		return fail_code(msg, GetLastError(), "measure", f->path);
	*size = (uint64_t)n.QuadPart;
	return VIPCARE_OK;
}

static void at_offset(OVERLAPPED *o, uint64_t offset)
{
	memset(o, 0, sizeof(*o));
	o->Offset = (DWORD)(offset & 0xffffffffu);
	o->OffsetHigh = (DWORD)(offset >> 32);
}

int vipcare__file_read_at(struct vipcare__file *f, uint64_t offset, void *buf, size_t n,
			  size_t *got, char *msg)
{
	size_t done = 0;

	while (done < n) {
		OVERLAPPED o;
		DWORD want = n - done > 0x40000000u ? 0x40000000u : (DWORD)(n - done), r = 0;

		at_offset(&o, offset + done);
		if (!ReadFile((HANDLE)f->handle, (char *)buf + done, want, &r, &o)) {
			DWORD err = GetLastError();

			if (err == ERROR_HANDLE_EOF)
				break;
			return fail_code(msg, err, "read", f->path);
		}
		if (r == 0)
			break;
		done += r;
	}
	*got = done;
	return VIPCARE_OK;
}

int vipcare__file_write_at(struct vipcare__file *f, uint64_t offset, const void *buf, size_t n,
			   char *msg)
{
	size_t done = 0;

	while (done < n) {
		OVERLAPPED o;
		DWORD want = n - done > 0x40000000u ? 0x40000000u : (DWORD)(n - done), w = 0;

		at_offset(&o, offset + done);
		if (!WriteFile((HANDLE)f->handle, (const char *)buf + done, want, &w, &o))
			return fail_code(msg, GetLastError(), "write", f->path);
		if (w == 0)
			return fail_code(msg, ERROR_DISK_FULL, "write", f->path);
		done += w;
	}
	return VIPCARE_OK;
}

int vipcare__file_sync(struct vipcare__file *f, char *msg)
{
	if (!FlushFileBuffers((HANDLE)f->handle))
		return fail_code(msg, GetLastError(), "flush to disk", f->path);
	return VIPCARE_OK;
}

int vipcare__file_truncate(struct vipcare__file *f, uint64_t size, char *msg)
{
	LARGE_INTEGER at;

	at.QuadPart = (LONGLONG)size;
	if (!SetFilePointerEx((HANDLE)f->handle, at, NULL, FILE_BEGIN) ||
	    !SetEndOfFile((HANDLE)f->handle))
		return fail_code(msg, GetLastError(), "truncate", f->path);
	return VIPCARE_OK;
}

void vipcare__file_close(struct vipcare__file *f)
{
	if (!f->is_open)
		return;
	CloseHandle((HANDLE)f->handle);
	f->is_open = 0;
	f->handle = (intptr_t)INVALID_HANDLE_VALUE;
}

int vipcare__path_rename(const char *from, const char *to, char *msg)
{
	wchar_t wfrom[WIDE_PATH], wto[WIDE_PATH];
	char buf[32];
	int rc = widen(from, wfrom, msg);

	if (rc == VIPCARE_OK)
		rc = widen(to, wto, msg);
	if (rc != VIPCARE_OK)
		return rc;
	if (!MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
		return vipcare__fail(msg, VIPCARE_E_IO, "cannot rename %s to %s: %s", from, to,
				     reason(GetLastError(), buf, sizeof(buf)));
	return VIPCARE_OK;
}

int vipcare__path_remove(const char *path, char *msg)
{
	wchar_t wide[WIDE_PATH];
	int rc = widen(path, wide, msg);

	if (rc != VIPCARE_OK)
		return rc;
	if (!DeleteFileW(wide)) {
		DWORD err = GetLastError();

		if (err != ERROR_FILE_NOT_FOUND && err != ERROR_PATH_NOT_FOUND)
			return fail_code(msg, err, "remove", path);
	}
	return VIPCARE_OK;
}

int vipcare__path_sync_folder(const char *path, char *msg)
{
	/* MOVEFILE_WRITE_THROUGH and CreateFileW put names on the disk themselves */
	(void)path;
	(void)msg;
	return VIPCARE_OK;
}

int vipcare__folder_create(const char *path, char *msg)
{
	wchar_t wide[WIDE_PATH];
	DWORD attributes;
	int rc = widen(path, wide, msg);

	if (rc != VIPCARE_OK)
		return rc;
	if (CreateDirectoryW(wide, NULL))
		return VIPCARE_OK;
	if (GetLastError() != ERROR_ALREADY_EXISTS)
		return fail_code(msg, GetLastError(), "create folder", path);
	attributes = GetFileAttributesW(wide);
	if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY))
		return vipcare__fail(msg, VIPCARE_E_IO, "cannot use %s as the state folder: it is not a folder",
				     path);
	return VIPCARE_OK;
}

uint64_t vipcare__clock_ms(void)
{
	return (uint64_t)GetTickCount64();
}

void vipcare__memory_advise_large(void *p, size_t size)
{
	/* large pages on Windows need a privilege few processes hold: nothing */
	(void)p;
	(void)size;
}

uint64_t vipcare__unique64(void)
{
	LARGE_INTEGER counter;
	FILETIME now;
	uint64_t z;

	QueryPerformanceCounter(&counter);
	GetSystemTimeAsFileTime(&now);
	z = ((uint64_t)now.dwHighDateTime << 32 | now.dwLowDateTime) ^ (uint64_t)counter.QuadPart;
	z ^= (uint64_t)GetCurrentProcessId() << 32;
	z ^= (uint64_t)(uintptr_t)&counter;
	/* splitmix64's finaliser spreads every input bit */
	z += 0x9e3779b97f4a7c15u;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#else
/* ISO C wants a declaration in every translation unit. */
typedef int vipcare__platform_win32_unused;
#endif /* _WIN32 */
