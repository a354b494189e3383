total 48
drwxr-xr-x 3 root root  4096 Dec  7 05:44 .
drwxr-xr-x 5 root root  4096 Dec  7 05:45 ..
-rw-r--r-- 1 root root     9 Dec  7 05:44 node.json
-rw------- 1 root root 65536 Dec  7 05:45 raft.db
drwxr-xr-x 2 root root  4096 Dec  7 05:44 snapshots
