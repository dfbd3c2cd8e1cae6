/* test_sha256.c: SHA-256 against the FIPS 180-4 examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mappa/sha256.h"

static void
hex_of(const void *data, size_t n, size_t chunk, char *hex)
{
	struct mappa_sha256 c;
	unsigned char d[MAPPA_SHA256_LEN];
	const char *p = data;

	mappa_sha256_init(&c);
	/* Feed in pieces of `chunk` bytes to exercise the buffering. */
	for (size_t i = 0; i < n; i += chunk)
		mappa_sha256_update(&c, p + i, n - i < chunk ? n - i : chunk);
	mappa_sha256_final(&c, d);
	mappa_sha256_hex(d, hex);
}

static void
vectors(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff6"
		    "1f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		    "19db06c1"},
	};
	char	 hex[65];
	size_t	 chunks[] = {1, 3, 63, 64, 65, 1000};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]);
		    k++) {
			hex_of(v[i].in, strlen(v[i].in), chunks[k], hex);
			assert_string_equal(hex, v[i].out);
		}
}

static void
million_a_and_file(void **state)
{
	char	*a = malloc(1000000), hex[65], path[] = "/tmp/mappa-shaXXXXXX";
	unsigned char d[MAPPA_SHA256_LEN];
	const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e"
	    "046d39ccc7112cd0";
	int	 fd;

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	hex_of(a, 1000000, 4096, hex);
	assert_string_equal(hex, want);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, a, 1000000), 1000000);
	close(fd);
	assert_int_equal(mappa_sha256_file(path, d), 0);
	mappa_sha256_hex(d, hex);
	assert_string_equal(hex, want);
	unlink(path);
	assert_int_equal(mappa_sha256_file(path, d), -1);
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors),
		cmocka_unit_test(million_a_and_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
