#!/bin/sh
# The baseline of --scenarios: the backup of a mirror as a hand-written runbook does it today, one OpenSSH
# connection per step. usage: runbook.sh PORT KEY KNOWN_HOSTS TARGET [HOST]
#   TARGET: the ufsdump f argument on the host (/dev/rmt/0, or a file).
# Prints one line per step: "step NAME START END EXIT" (local clock, seconds); exits non-zero when a step failed.
set -u
port=$1 key=$2 known=$3 target=$4 host=${5:-127.0.0.1}
mirror=d1 sub=d3 fs=/home1

on_host() {
    ssh -F /dev/null -p "$port" -i "$key" -o IdentitiesOnly=yes -o BatchMode=yes \
        -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known" root@"$host" "$@"
}

step() {
    name=$1
    shift
    t0=$(date +%s.%N)
    out=$(on_host "$@" 2>&1)
    rc=$?
    t1=$(date +%s.%N)
    echo "step $name $t0 $t1 $rc"
    if [ $rc -ne 0 ]; then
        echo "$name failed ($rc): $out" >&2
    fi
    return $rc
}

step metastat /usr/sbin/metastat $mirror || exit 1
case $out in
    *"State: Okay"*"State: Okay"*) ;;
    *) echo "mirror $mirror is not healthy" >&2; exit 1 ;;
esac
step lock /usr/sbin/lockfs -w $fs || exit 1
step split /usr/sbin/metaoffline $mirror $sub
split=$?
step unlock /usr/sbin/lockfs -u $fs || exit 1
[ $split -eq 0 ] || exit 1
status=0
step fsck /usr/sbin/fsck -n /dev/md/rdsk/$sub || status=1
[ $status -ne 0 ] || step ufsdump /usr/sbin/ufsdump 0f "$target" /dev/md/rdsk/$sub || status=1
step rejoin /usr/sbin/metaonline $mirror $sub || status=1
step check /usr/sbin/metastat $mirror || status=1
exit $status
