#!/bin/sh
# adduser/addgroup (BusyBox/Alpine and Debian syntax) and useradd/groupadd (shadow syntax) in the
# Shipline local base image, whose BusyBox (Debian's busybox-static) has none of them: they add
# lines to /etc/passwd, /etc/group and /etc/shadow, so a team's Dockerfile builds unchanged.
set -e
cmd=${0##*/}
die() { echo "$cmd: $*" >&2; exit 1; }
# The first free id >= $2 in file $1 (system ids 100-999, others from 1000).
free_id() { awk -F: -v min="$2" -v max="$3" '{used[$3]=1} END {for (i=min; i<max; i++) if (!used[i]) {print i; exit}}' "$1"; }
group_id() { awk -F: -v g="$1" '$1==g || $3==g {print $3; exit}' /etc/group; }
has_user() { grep -q "^$1:" /etc/passwd; }
add_group() { # name gid system
  grep -q "^$1:" /etc/group && { [ "$force" = 1 ] && return 0; die "group '$1' already exists"; }
  gid=$2
  [ -n "$gid" ] || if [ "$3" = 1 ]; then gid=$(free_id /etc/group 100 1000); else gid=$(free_id /etc/group 1000 60000); fi
  echo "$1:x:$gid:" >>/etc/group
}
member() { sed -i "s/^\($2:[^:]*:[^:]*:\)\(.*\)\$/\1\2,$1/; s/^\($2:[^:]*:[^:]*:\),/\1/" /etc/group; }

uid='' gid='' group='' groups='' home='' shell=/bin/sh system=0 create_home='' force=0 own_group=''
case "$cmd" in adduser) create_home=1 ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    -u | --uid) uid=$2; shift ;;
    -g | --gid) if [ "$cmd" = adduser ] && [ "$1" = -g ]; then :; elif [ "$cmd" = useradd ]; then group=$2; else gid=$2; fi; shift ;;
    -G) if [ "$cmd" = adduser ]; then group=$2; else groups=$2; fi; shift ;;
    --groups) groups=$2; shift ;;
    --ingroup) group=$2; shift ;;
    -h | -d | --home | --home-dir) home=$2; shift ;;
    -s | --shell) shell=$2; shift ;;
    -c | --comment | --gecos | -k | -K | -e | -p) shift ;;
    -S | -r | --system) system=1 ;;
    -m | --create-home) create_home=1 ;;
    -H | -M | --no-create-home) create_home=0 ;;
    --group | -U) own_group=1 ;;
    -f | --force) if [ "$cmd" = useradd ]; then shift; else force=1; fi ;;
    -D | -N | -l | --disabled-password | --disabled-login | --no-log-init | --quiet | -q) ;;
    -*) die "unsupported option $1" ;;
    *) break ;;
  esac
  shift
done
name=$1
[ -n "$name" ] || die "usage: $cmd [options] NAME"
case "$cmd" in
  addgroup | groupadd)
    if [ -n "$2" ] && has_user "$name"; then member "$name" "$2"; exit 0; fi
    add_group "$name" "$gid" "$system"
    exit 0 ;;
esac
has_user "$name" && die "user '$name' already exists"
[ -n "$2" ] && group=$2
[ -n "$uid" ] || if [ "$system" = 1 ]; then uid=$(free_id /etc/passwd 100 1000); else uid=$(free_id /etc/passwd 1000 60000); fi
if [ -n "$group" ]; then
  gid=$(group_id "$group")
  [ -n "$gid" ] || die "group '$group' does not exist"
elif [ "$cmd" = adduser ] && [ "$system" = 1 ] && [ -z "$own_group" ]; then
  gid=$(group_id nogroup)
else
  gid=$(group_id "$name")
  [ -n "$gid" ] || { add_group "$name" "$uid" "$system"; gid=$(group_id "$name"); }
fi
[ -n "$home" ] || home=/home/$name
[ "$cmd" = useradd ] && [ -z "$create_home" ] && create_home=0
echo "$name:x:$uid:$gid::$home:$shell" >>/etc/passwd
echo "$name:!:0:0:99999:7:::" >>/etc/shadow
for extra in $(echo "$groups" | tr ',' ' '); do member "$name" "$extra"; done
if [ "$create_home" = 1 ] && [ ! -d "$home" ]; then mkdir -p "$home" && chown "$uid:$gid" "$home"; fi
