#!/usr/bin/env bash
# Starts a one-machine Slurm cluster on localhost from Debian's packages, for the Slurm integration tests and for
# trying `kan batch --slurm` by hand. Run it as root (or with passwordless sudo); it is idempotent: when `sinfo`
# already answers and the node is up, it does nothing.
#
#   .ci/slurm-up.sh            install slurm-wlm and munge if missing, write the configuration, start the daemons
#   .ci/slurm-up.sh --check    only report whether a cluster answers (exit 0 when it does)
#
# What it sets up: munged with a freshly generated key, slurmctld and slurmd on this host with all its CPUs, one
# partition "debug" (the default), process tracking by /proc (proctrack/linuxproc) and no task plugin, so no cgroups
# are needed (containers), and no accounting storage (so `sacct` is not available; `kan status` uses `squeue` only).
# Logs: /var/log/slurm/slurmctld.log, /var/log/slurm/slurmd.log, /var/log/munge/munged.log.
# Exit code 0 when a cluster answers at the end, 1 otherwise (with the reason on standard error).
set -uo pipefail

log() { echo "slurm-up: $*" >&2; }

node_up() {
  command -v sinfo >/dev/null 2>&1 || return 1
  # the node must be idle, mixed or allocated (not down, drained or unknown)
  sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated|completing)'
}

if [ "${1:-}" = "--check" ]; then
  if node_up; then log "a Slurm cluster answers"; exit 0; fi
  log "no Slurm cluster answers"; exit 1
fi

if node_up; then log "a Slurm cluster already answers; nothing to do"; exit 0; fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; else log "needs root (or passwordless sudo) to install and start Slurm"; exit 1; fi
fi

start=$(date +%s)
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { log "apt-get is not available to install slurm-wlm and munge"; exit 1; }
  log "installing slurm-wlm and munge (Debian packages)"
  if ! { $sudo timeout 300 apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends \
        slurm-wlm munge; } >/tmp/slurm-up-apt.log 2>&1; then
    log "the installation failed; see /tmp/slurm-up-apt.log"; tail -5 /tmp/slurm-up-apt.log >&2; exit 1
  fi
fi

host=$(hostname -s)
cpus=$(nproc --all)
# the memory slurmd sees, in MB, so the node is not drained for having less than configured
mem=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)

conf_dir=/etc/slurm
[ -d /etc/slurm-llnl ] && [ ! -d /etc/slurm ] && conf_dir=/etc/slurm-llnl
$sudo mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/log/munge /var/lib/munge /etc/munge

# munge: a generated key, owned by the munge user, readable by it only
if [ ! -s /etc/munge/munge.key ]; then
  $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
$sudo chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null
$sudo chmod 0700 /etc/munge /var/lib/munge /var/log/munge
$sudo chmod 0755 /run/munge
$sudo chmod 0400 /etc/munge/munge.key
if ! pgrep -u munge -x munged >/dev/null 2>&1; then
  $sudo runuser -u munge -- /usr/sbin/munged --force 2>/dev/null || $sudo /usr/sbin/munged --force
fi

$sudo tee "$conf_dir/slurm.conf" >/dev/null <<EOF
# written by .ci/slurm-up.sh: a one-machine cluster for tests
ClusterName=kan-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# quick turnaround for tests: short waits before a killed task's resources are free again
KillWait=5
MinJobAge=30
InactiveLimit=0
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

pgrep -x slurmctld >/dev/null 2>&1 || $sudo slurmctld || { log "slurmctld did not start; see /var/log/slurm/slurmctld.log"; exit 1; }
pgrep -x slurmd >/dev/null 2>&1 || $sudo slurmd || { log "slurmd did not start; see /var/log/slurm/slurmd.log"; exit 1; }

for _ in $(seq 1 60); do
  if node_up; then
    log "a one-node cluster is up on $host ($cpus CPUs) after $(( $(date +%s) - start )) s"
    exit 0
  fi
  # a node that registered as down (e.g. after a restart) is put back to service
  $sudo scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true
  sleep 1
done
log "the cluster did not come up; see /var/log/slurm/slurmctld.log and slurmd.log"
sinfo -N -l >&2 2>&1 || true
exit 1
