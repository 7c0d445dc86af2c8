#!/usr/bin/env bash
# Builds Parley's base image offline as a Docker-format tarball (what `docker save` writes), for Jib's
# -Djib.from.image=tar://...: a jlink'd Java runtime from the machine's JDK (17+) plus exactly the
# shared libraries it links against (from the machine's Debian packages: libc6, zlib1g, libstdc++6,
# libgcc-s1), a non-root user 65532 and /tmp. No registry, no package download.
#
# Usage: deploy/base-image.sh OUT.tar        (JAVA_HOME chooses the JDK; default: the one `javac` is in)
# The layer is reproducible: sorted entries, fixed timestamps and owners.
set -euo pipefail

out=${1:?usage: base-image.sh OUT.tar}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -d "$java_home/jmods" ] || { echo "base-image: $java_home has no jmods/ (install the JDK, e.g. openjdk-17-jdk-headless)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# The Java runtime: Java SE plus what Vert.x, Netty, Hazelcast and the JWT/TLS code reach reflectively
# or through service loaders (Unsafe, EC keys, DNS, management beans).
"$java_home/bin/jlink" --output "$root/opt/java" \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.net,jdk.security.auth,jdk.jfr \
  --strip-debug --no-man-pages --no-header-files --compress=2 2>&1 | grep -v 'deprecated' || true
[ -x "$root/opt/java/bin/java" ] || { echo "base-image: jlink failed" >&2; exit 1; }
# Debian's JDK keeps the CA certificates outside the JDK: give the runtime a real copy.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# Shared libraries the runtime links against, at the paths the dynamic loader resolved them to. The
# desktop's native parts (X11 windows, sound, fonts, images) are never loaded by a headless server and
# are left out with their libraries.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    ! -name libawt_xawt.so ! -name libsplashscreen.so ! -name libjsound.so ! -name libfontmanager.so \
    ! -name liblcms.so ! -name libjavajpeg.so ! -name libjawt.so -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \//{print $3} /^\t\/[^ ]+ \(/{print $1}' | grep -v "^$root/" | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

mkdir -p "$root/etc" "$root/tmp" "$root/proc" "$root/dev" "$root/sys"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nparley:x:65532:65532:parley:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nparley:x:65532:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
: > "$root/etc/hosts"
: > "$root/etc/resolv.conf"

layer=$work/layer.tar
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$layer" .
diff_id=sha256:$(sha256sum "$layer" | cut -d' ' -f1)
version=$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/{print $2}')

img=$work/image
mkdir -p "$img"
mv "$layer" "$img/layer.tar"
cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"65532:65532","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","JAVA_VERSION=$version","LANG=C.UTF-8"],
           "Labels":{"org.opencontainers.image.title":"parley-jre","org.opencontainers.image.description":"jlink runtime of Java $version with its shared libraries"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/base-image.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["parley/jre:%s"],"Layers":["layer.tar"]}]\n' "${version%%+*}" > "$img/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$img" -cf "$out" manifest.json config.json layer.tar
echo "base-image: $out (Java $version, $(du -h "$out" | cut -f1))"
