0.11.1-snapshot/install/meta:
total 1360
drwxr-xr-x 3 root root    4096 Dec  7 05:45 .
drwxr-xr-x 3 root root    4096 Dec  7 05:48 ..
-rw-r--r-- 1 root root       9 Dec  7 05:45 node.json
-rw------- 1 root root 2097152 Dec  7 05:48 raft.db
drwxr-xr-x 3 root root    4096 Dec  7 05:48 snapshots

0.11.1-snapshot/install/meta/snapshots/1-8405-1796622508762:
total 16
drwxr-xr-x 2 root root 4096 Dec  7 05:48 .
drwxr-xr-x 3 root root 4096 Dec  7 05:48 ..
-rw-r--r-- 1 root root  119 Dec  7 05:48 meta.json
-rw-r--r-- 1 root root  231 Dec  7 05:48 state.bin
