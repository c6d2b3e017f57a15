# Shell helpers for recipe build scripts, named and behaving like upstream Cookbook's, written for this build.
# The build sources this file before every recipe script (bash -e). The environment (COOKBOOK_*, TARGET,
# GNU_TARGET, CC, ...) comes from CookEnvironment.cs.

COOKBOOK_CONFIGURE="${COOKBOOK_CONFIGURE:-${COOKBOOK_SOURCE}/configure}"
COOKBOOK_CONFIGURE_FLAGS=(--host="${GNU_TARGET}" --prefix=/usr --disable-shared --enable-static)
COOKBOOK_CARGO_FLAGS=(--locked)
COOKBOOK_CMAKE_FLAGS=(-DBUILD_SHARED_LIBS=False)
COOKBOOK_MESON_FLAGS=(-Ddefault_library=static)
PACKAGE_PATH="${PACKAGE_PATH:-.}"

cookbook_is_cross() { [ "${TARGET}" != "${COOKBOOK_HOST_TARGET}" ]; }

cookbook_cargo_offline_flag() { if [ "${COOKBOOK_OFFLINE}" = "true" ]; then echo --offline; fi; }

# Switch the C templates to shared libraries (recipes call it before the template runs).
DYNAMIC_INIT() {
    COOKBOOK_CONFIGURE_FLAGS=(--host="${GNU_TARGET}" --prefix=/usr --enable-shared --disable-static)
    COOKBOOK_CMAKE_FLAGS=(-DBUILD_SHARED_LIBS=True)
    COOKBOOK_MESON_FLAGS=(-Ddefault_library=shared)
    LDFLAGS="${LDFLAGS/ --static/}"
    export LDFLAGS
    COOKBOOK_DYNAMIC=1
}

# cargo install of the crate at PACKAGE_PATH into the stage (binaries in usr/bin).
cookbook_cargo() {
    "${COOKBOOK_CARGO}" install --path "${COOKBOOK_SOURCE}/${PACKAGE_PATH}" --root "${COOKBOOK_STAGE}/usr" \
        --target "${TARGET}" --no-track $(cookbook_cargo_offline_flag) "${COOKBOOK_CARGO_FLAGS[@]}" "$@"
}

# Build named workspace packages and copy their binaries to usr/bin.
cookbook_cargo_packages() {
    local package
    for package in "$@"; do
        "${COOKBOOK_CARGO}" build --manifest-path "${COOKBOOK_SOURCE}/${PACKAGE_PATH}/Cargo.toml" --package "${package}" \
            --release --target "${TARGET}" $(cookbook_cargo_offline_flag) "${COOKBOOK_CARGO_FLAGS[@]}"
        mkdir -p "${COOKBOOK_STAGE}/usr/bin"
        cp "${CARGO_TARGET_DIR}/${TARGET}/release/${package}" "${COOKBOOK_STAGE}/usr/bin/${package}"
    done
}

# Like cookbook_cargo_packages, with binaries named <recipe>_<package> (upstream's prefixed variant).
cookbook_cargo_packages_prefixed() {
    local package
    for package in "$@"; do
        "${COOKBOOK_CARGO}" build --manifest-path "${COOKBOOK_SOURCE}/${PACKAGE_PATH}/Cargo.toml" --package "${package}" \
            --release --target "${TARGET}" $(cookbook_cargo_offline_flag) "${COOKBOOK_CARGO_FLAGS[@]}"
        mkdir -p "${COOKBOOK_STAGE}/usr/bin"
        cp "${CARGO_TARGET_DIR}/${TARGET}/release/${package}" "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_NAME}_${package}"
    done
}

# Build named examples and copy them to usr/bin.
cookbook_cargo_examples() {
    local example
    for example in "$@"; do
        "${COOKBOOK_CARGO}" build --manifest-path "${COOKBOOK_SOURCE}/${PACKAGE_PATH}/Cargo.toml" --example "${example}" \
            --release --target "${TARGET}" $(cookbook_cargo_offline_flag) "${COOKBOOK_CARGO_FLAGS[@]}"
        mkdir -p "${COOKBOOK_STAGE}/usr/bin"
        cp "${CARGO_TARGET_DIR}/${TARGET}/release/examples/${example}" "${COOKBOOK_STAGE}/usr/bin/${example}"
    done
}

# ./configure in the build directory, make, make install into the stage.
cookbook_configure() {
    "${COOKBOOK_CONFIGURE}" "${COOKBOOK_CONFIGURE_FLAGS[@]}" "$@"
    "${COOKBOOK_MAKE}" -j "${COOKBOOK_MAKE_JOBS}"
    "${COOKBOOK_MAKE}" install DESTDIR="${COOKBOOK_STAGE}"
}

# cmake with Ninja in the build directory; cross builds get a toolchain file confined to the sysroot.
cookbook_cmake() {
    local toolchain=()
    if cookbook_is_cross; then
        cat > cross_file.cmake <<CMAKE
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR ${ARCH})
set(CMAKE_C_COMPILER ${CC})
set(CMAKE_CXX_COMPILER ${CXX})
set(CMAKE_AR ${AR})
set(CMAKE_RANLIB ${RANLIB})
set(CMAKE_FIND_ROOT_PATH ${COOKBOOK_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_PREFIX_PATH ${COOKBOOK_SYSROOT})
CMAKE
        toolchain=(-DCMAKE_TOOLCHAIN_FILE=cross_file.cmake)
    fi
    cmake -GNinja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_PREFIX_PATH="${COOKBOOK_SYSROOT}/usr" \
        "${toolchain[@]}" "${COOKBOOK_CMAKE_FLAGS[@]}" "$@" "${COOKBOOK_SOURCE}"
    "${COOKBOOK_NINJA}" -j "${COOKBOOK_MAKE_JOBS}"
    DESTDIR="${COOKBOOK_STAGE}" "${COOKBOOK_NINJA}" install -j "${COOKBOOK_MAKE_JOBS}"
}

# CC and CXX may start with a launcher (sccache x86_64-unknown-redox-gcc); a meson cross file wants one array element per word.
cookbook_meson_words() {
    local word separator=""
    for word in "$@"; do printf "%s'%s'" "${separator}" "${word}"; separator=", "; done
}

# meson setup in the build directory; cross builds get a cross file naming the target's tools.
cookbook_meson() {
    local cross=()
    if cookbook_is_cross; then
        cat > cross_file.txt <<MESON
[binaries]
c = [$(cookbook_meson_words ${CC})]
cpp = [$(cookbook_meson_words ${CXX})]
ar = '${AR}'
strip = '${STRIP}'
pkg-config = '${PKG_CONFIG}'

[host_machine]
system = '$(case "${TARGET}" in *redox) echo redox ;; *linux*) echo linux ;; *) echo unknown ;; esac)'
cpu_family = '${ARCH%gc}'
cpu = '${ARCH}'
endian = 'little'
MESON
        cross=(--cross-file cross_file.txt)
    fi
    meson setup . "${COOKBOOK_SOURCE}" "${cross[@]}" --buildtype release --wrap-mode nofallback --prefix=/usr \
        "${COOKBOOK_MESON_FLAGS[@]}" "$@"
    "${COOKBOOK_NINJA}" -j "${COOKBOOK_MAKE_JOBS}"
    DESTDIR="${COOKBOOK_STAGE}" "${COOKBOOK_NINJA}" install -j "${COOKBOOK_MAKE_JOBS}"
}

# pip install of the project at PYPROJECT_PATH into the stage, without touching the network
# (setup.py install for recipes marked legacysetup).
cookbook_python() {
    if [ -n "${COOKBOOK_PYTHON_LEGACY}" ]; then
        (cd "${COOKBOOK_SOURCE}/${PYPROJECT_PATH:-.}" && "${COOKBOOK_PYTHON:-python3}" setup.py install --root "${COOKBOOK_STAGE}" --prefix /usr "$@")
        return
    fi
    "${COOKBOOK_PYTHON:-python3}" -m pip install --ignore-installed --no-index --no-build-isolation --no-deps \
        --root "${COOKBOOK_STAGE}" --prefix /usr "${COOKBOOK_SOURCE}/${PYPROJECT_PATH:-.}" "$@"
}

# After the template: strip what was installed (unless COOKBOOK_NOSTRIP) and drop libtool/cargo leftovers.
cookbook_postscript() {
    local dir file
    if [ -z "${COOKBOOK_NOSTRIP}" ]; then
        for dir in bin sbin libexec usr/bin usr/sbin usr/libexec; do
            [ -d "${COOKBOOK_STAGE}/${dir}" ] || continue
            find "${COOKBOOK_STAGE}/${dir}" -type f -perm -u+x -print0 | while IFS= read -r -d '' file; do
                if head -c 4 "${file}" | grep -q "ELF"; then "${STRIP}" --strip-all "${file}" 2>/dev/null || true; fi
            done
        done
    fi
    find "${COOKBOOK_STAGE}" \( -name '*.la' -o -name '.crates.toml' -o -name '.crates2.json' \) -delete 2>/dev/null || true
}
