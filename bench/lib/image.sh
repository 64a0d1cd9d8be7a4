# Sourced by bench/sbom.sh and bench/scan.sh: the ~240 MB multi-layer Debian bench image, built once
# as an OCI layout in $work/oci (image name "bench") with umoci, an independent tool.
#   layer 1: debootstrap --variant=minbase bookworm
#   layer 2: Python 3.11 and Perl modules unpacked from the Debian archive and recorded in dpkg's status
#   layer 3: documentation removed (whiteouts)
# Also leaves the image's final dpkg status in $work/image-status (for bench/gen-feeds.py).
# Needs: $work set, root, debootstrap umoci dpkg-deb apt-get.
bench_image() {
  layout=$work/oci
  if [ -f "$layout/index.json" ] && [ -f "$work/image-status" ]; then return 0; fi
  local rootfs=${DRYDOCK_TEST_CACHE:-$HOME/.cache/drydock-test}/debian-bookworm-minbase
  if [ ! -f "$rootfs.complete" ]; then
    rootfs=$work/minbase
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
    rm -f "$rootfs"/var/cache/apt/archives/*.deb
  fi
  rm -rf "$layout" "$work/bundle"
  umoci init --layout "$layout"
  umoci new --image "$layout:bench"
  umoci unpack --image "$layout:bench" "$work/bundle" >/dev/null
  cp -a "$rootfs/." "$work/bundle/rootfs/"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  local debs=$work/debs; mkdir -p "$debs"
  (cd "$debs" && apt-get download -q python3.11-minimal libpython3.11-minimal libpython3.11-stdlib perl-modules-5.36 libperl5.36 >/dev/null)
  for d in "$debs"/*.deb; do
    dpkg-deb -x "$d" "$work/bundle/rootfs"
    { echo; dpkg-deb -f "$d" | sed '1a Status: install ok installed'; } >> "$work/bundle/rootfs/var/lib/dpkg/status"
  done
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  rm -rf "$work/bundle/rootfs/usr/share/doc" "$work/bundle/rootfs/usr/share/man"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  cp "$work/bundle/rootfs/var/lib/dpkg/status" "$work/image-status"
  umoci gc --layout "$layout"
  rm -rf "$work/bundle"
}

# The layer blobs of the bench image, in order (paths), for the decompression floor.
bench_image_blobs() {
  python3 - "$work/oci" <<'PY'
import json,sys,os
l=sys.argv[1]; idx=json.load(open(os.path.join(l,"index.json")))
m=json.load(open(os.path.join(l,"blobs/sha256",idx["manifests"][0]["digest"].split(":")[1])))
print(" ".join(os.path.join(l,"blobs/sha256",x["digest"].split(":")[1]) for x in m["layers"]))
PY
}
