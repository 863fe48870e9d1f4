/*
 * The smallest Linux program built the way Linux programs are (gcc, hard
 * float, glibc static): it prints its arguments with printf.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	printf("hello from glibc, argc=%d\n", argc);
	return 0;
}
