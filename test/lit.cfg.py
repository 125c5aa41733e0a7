# lit configuration of the trmc IR tests (test/ir).
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "TRMC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.trm_obj_root, "test")
config.excludes = [
    "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "Inputs", "data"
]

# Every FileCheck variable is local to its CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["trm-opt", "trmc", "trm-data", "trm-run"], [config.trm_tools_dir, config.llvm_tools_dir])
config.substitutions.append(
    ("%configs", os.path.join(config.trm_src_root, "configs", "models")))
config.substitutions.append(("%trm_src", config.trm_src_root))

# Host CPU features some tests depend on.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = cpuinfo.read()
        if "avx512_fp16" in flags:
            config.available_features.add("host-avx512fp16")
        if " avx2 " in flags and " fma " in flags:
            config.available_features.add("host-avx2")
        # AMX tiles for bf16 products (Intel Xeon since Sapphire Rapids).
        if " amx_tile " in flags and " amx_bf16 " in flags:
            config.available_features.add("host-amx")
        # AMD Zen 4 (family 25 with AVX-512): 512-bit FMAs at half rate.
        if "cpu family\t: 25\n" in flags and " avx512f " in flags:
            config.available_features.add("host-zen4")
except OSError:
    pass

# MPI data-parallel tests: 2 ranks on however many cores there are, as root
# in containers, with shared memory but no CMA single-copy (often blocked).
import shutil
if shutil.which("mpirun"):
    config.available_features.add("mpi")
    config.substitutions.append(("%mpirun", "mpirun --oversubscribe"))
    for name, value in [("OMPI_ALLOW_RUN_AS_ROOT", "1"),
                        ("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"),
                        ("OMPI_MCA_btl_vader_single_copy_mechanism", "none")]:
        config.environment[name] = value
