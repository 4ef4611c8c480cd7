#!/usr/bin/env bash
# Issue 20 acceptance: a study run as a Slurm job array equals the local run.
#
# Starts a single-node Slurm on localhost (munged, slurmctld, slurmd; Debian's
# slurm-wlm and munge, every file in a temporary directory: see
# ../../shared/notes or docs/studies.md), submits the study as
# `sbatch --array=1-4` (one shard per task), merges the parts, compares the
# merged answer with `headroom-cli study` run locally, and stops everything.
#
#   tests/slurm_study_check.sh HEADROOM_CLI SOURCE_DIR [SAMPLES]
#
# Exit 0 when identical, 1 when they differ or Slurm fails; 77 (skipped) when
# Slurm or munge is not installed. Needs root (SlurmUser=root), as in CI.
set -euo pipefail

cli=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
samples=${3:-8}
for tool in slurmctld slurmd munged mungekey sbatch squeue scontrol sinfo; do
  if ! command -v "$tool" >/dev/null && [[ ! -x /usr/sbin/$tool ]]; then
    echo "slurm_study_check: $tool not installed (scripts/install-deps.sh installs slurm-wlm and munge): skipped"
    exit 77
  fi
done
export PATH=$PATH:/usr/sbin

work=$(mktemp -d /tmp/headroom-slurm.XXXXXX)
chmod 755 "$work"
munge_dir=$work/munge
mkdir -p "$munge_dir" "$work/state" "$work/spool" "$work/log" "$work/run" "$work/out"
chmod 711 "$munge_dir"   # clients must reach the socket
socket=$munge_dir/munge.socket.2

cleanup() {
  set +e
  if [[ -n "${SLURM_CONF:-}" ]]; then
    scontrol shutdown >/dev/null 2>&1
    for _ in $(seq 1 50); do
      pgrep -F "$work/run/slurmctld.pid" >/dev/null 2>&1 || pgrep -F "$work/run/slurmd.pid" >/dev/null 2>&1 || break
      sleep 0.1
    done
  fi
  for pidfile in "$work/run/slurmd.pid" "$work/run/slurmctld.pid" "$munge_dir/munged.pid"; do
    [[ -s $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  if [[ "${KEEP_SLURM_DIR:-}" != 1 ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# munge: its own key, socket, pid, log and seed files.
mungekey -c -k "$munge_dir/munge.key" >/dev/null 2>&1
chmod 600 "$munge_dir/munge.key"
munged --force -S "$socket" --key-file "$munge_dir/munge.key" --pid-file "$munge_dir/munged.pid" \
  --log-file "$munge_dir/munged.log" --seed-file "$munge_dir/munged.seed"

host=$(hostname -s)
cat > "$work/slurm.conf" <<EOF
ClusterName=headroom
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf

slurmctld -f "$SLURM_CONF"
for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
scontrol ping | grep -q UP || { echo "slurm_study_check: slurmctld did not come up"; cat "$work/log/slurmctld.log"; exit 1; }
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 100); do [[ "$(sinfo -h -o %t 2>/dev/null)" == idle ]] && break; sleep 0.1; done
[[ "$(sinfo -h -o %t)" == idle ]] || { echo "slurm_study_check: slurmd not idle"; cat "$work/log/slurmd.log"; exit 1; }

# 01-monolith with the app's and the database's demands ±30% (the issue's case).
file=$work/01-uncertain.yaml
sed -e 's/demand: {page: 20ms, api: 8ms, write: 15ms, static: 12ms}/demand: {page: 20ms ± 30%, api: 8ms ± 30%, write: 15ms ± 30%, static: 12ms ± 30%}/' \
    -e 's/demand: {page: 1.5ms, api: 1.2ms, write: 3ms}/demand: {page: 1.5ms ± 30%, api: 1.2ms ± 30%, write: 3ms ± 30%}/' \
    "$source_dir/architectures/01-monolith.yaml" > "$file"
grep -q '± 30%' "$file" || { echo "slurm_study_check: the preset's demands changed; update the sed"; exit 1; }

study=(study "$file" --samples "$samples" --seed 11 --phases off)
# The recipe of docs/studies.md: one shard per array task.
cat > "$work/study.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=headroom-study
#SBATCH --array=1-4
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/out/task-%a.log
"$cli" ${study[*]} --threads 1 --shard \${SLURM_ARRAY_TASK_ID}/4 -o "$work/out/part-\${SLURM_ARRAY_TASK_ID}.json"
EOF
job=$(sbatch --parsable "$work/study.sbatch")
echo "slurm_study_check: submitted array job $job"
for _ in $(seq 1 3000); do [[ -z "$(squeue -h -j "$job" 2>/dev/null)" ]] && break; sleep 0.2; done
if [[ -n "$(squeue -h -j "$job" 2>/dev/null)" ]]; then echo "slurm_study_check: the job did not end"; exit 1; fi
for k in 1 2 3 4; do
  if [[ ! -s $work/out/part-$k.json ]]; then
    echo "slurm_study_check: task $k wrote no part"; cat "$work/out/task-$k.log" 2>/dev/null; exit 1
  fi
done

"$cli" merge "$work"/out/part-{1,2,3,4}.json > "$work/merged.json"
"$cli" "${study[@]}" --format json > "$work/local.json"
if cmp -s "$work/merged.json" "$work/local.json"; then
  echo "slurm_study_check: ok: the job array's 4 parts merged equal the local study ($samples samples, $(wc -c < "$work/local.json") bytes)"
  exit 0
fi
echo "slurm_study_check: FAIL: merged parts differ from the local study"
diff "$work/merged.json" "$work/local.json" | head -20
exit 1
