/* Unknown mmap flags with MAP_PRIVATE or MAP_SHARED are ignored. */
#include "mem.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	long r = mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x200000, -1, 0);
	tok("private_ok", r > 0 || r < -4095);
	r = mmap_raw(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | 0x200000, -1, 0);
	tok("shared_ok", r > 0 || r < -4095);
	r = mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x800 /* DENYWRITE */, -1, 0);
	tok("denywrite_ok", r > 0 || r < -4095);
	return 0;
}
