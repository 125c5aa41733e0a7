"""A kernel library's code as `objdump -d` lists it, and its loops: the
listing the GEMM loop scripts (gemm_loop_mca.sh, gemm_loop_profile.sh)
read."""
import re
import subprocess


def instructions(library):
    """(address, text) of every instruction of `library`, symbol names cut."""
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", library],
                             capture_output=True, text=True, check=True).stdout
    code = []
    for line in listing.splitlines():
        m = re.match(r"\s+([0-9a-f]+):\s+(\S.*)", line)
        if m:
            code.append((int(m.group(1), 16), re.sub(r"\s+<.*>", "", m.group(2))))
    return code


def loops(code):
    """(start, end) of every loop: a jump at `end` back to `start`."""
    found = []
    for address, text in code:
        m = re.match(r"j\w+\s+([0-9a-f]+)$", text)
        if m and int(m.group(1), 16) < address:
            found.append((int(m.group(1), 16), address))
    return found


def body(code, loop):
    """The instructions of `loop`, in order."""
    return [text for address, text in code if loop[0] <= address <= loop[1]]


def is_fma(text):
    return text.startswith(("vfmadd", "vdpbf16ps"))
