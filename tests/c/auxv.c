/*
 * AT_HWCAP and AT_PLATFORM as a program sees them through glibc.
 *
 *   auxv                    prints both (run it on Linux to measure)
 *   auxv HWCAP PLATFORM     exits 0 if both are what is given, else 1
 *                           ("(none)": no AT_PLATFORM)
 *
 * Linux 6.1 on QEMU 7.2's default s390x CPU model says 0xab3f and "z15".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char **argv)
{
	unsigned long hwcap = getauxval(AT_HWCAP);
	const char *platform = (const char *)getauxval(AT_PLATFORM);

	if (!platform)
		platform = "(none)";
	printf("AT_HWCAP=%#lx AT_PLATFORM=%s\n", hwcap, platform);
	if (argc < 3)
		return 0;
	unsigned long want = strtoul(argv[1], NULL, 0);
	if (hwcap != want) {
		printf("FAIL: AT_HWCAP %#lx, expected %#lx\n", hwcap, want);
		return 1;
	}
	if (strcmp(platform, argv[2]) != 0) {
		printf("FAIL: AT_PLATFORM %s, expected %s\n", platform, argv[2]);
		return 1;
	}
	return 0;
}
