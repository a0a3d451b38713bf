# Shared by the report tests (sourced): report_fixture DB TMPDIR adds
# hand-made events in the week of Monday 2025-03-10 (TZ=UTC) to an existing
# budge database. The expected numbers are worked out in test-report.sh.
report_fixture() {
	DB=$1
	T=$2
	D0=$(date -u -d 2025-03-10 +%s) # Monday
	at() { echo $((D0 + $1 * 86400 + $2 * 3600 + $3 * 60)); }
	ev() { # ts kind prompt_id prompt_kind movement region response value text
		echo "INSERT INTO events(ts,kind,prompt_id,prompt_kind,movement,region,response,value,text) VALUES($1,'$2',$3,$4,$5,$6,$7,$8,$9);"
	}
	{
		echo "BEGIN;"
		# Monday: 09:00-09:45 bout (over the 30 min limit), 7 min full break,
		# 09:52-10:20 bout, 3 min short break
		ev "$(at 0 9 45)" bout 0 NULL NULL NULL NULL 2700 NULL
		ev "$(at 0 9 52)" break 0 NULL NULL NULL NULL 420 "'full'"
		ev "$(at 0 10 20)" bout 0 NULL NULL NULL NULL 1680 NULL
		ev "$(at 0 10 23)" break 0 NULL NULL NULL NULL 180 "'short'"
		ev "$(at 0 9 30)" prompt 1 "'micro'" "'toe-spread'" "'feet'" NULL 0 NULL
		ev "$(at 0 9 31)" response 1 "'micro'" "'toe-spread'" "'feet'" "'done'" 0 NULL
		ev "$(at 0 9 40)" prompt 2 "'movement_break'" NULL NULL NULL 0 NULL
		ev "$(at 0 9 41)" response 2 "'movement_break'" NULL NULL "'skip'" 0 NULL
		ev "$(at 0 10 10)" prompt 3 "'micro'" "'pelvic-tilt'" "'pelvis'" NULL 0 NULL
		ev "$(at 0 10 15)" response 3 "'micro'" "'pelvic-tilt'" "'pelvis'" "'ignored'" 0 NULL
		ev "$(at 0 12 0)" walk 0 NULL NULL NULL NULL 20 "'manual'"
		ev "$(at 0 17 0)" pain 0 NULL NULL NULL NULL 4 NULL
		# Wednesday: one short bout, pain 2 from a check-in
		ev "$(at 2 14 20)" bout 0 NULL NULL NULL NULL 1200 NULL
		ev "$(at 2 14 30)" prompt 4 "'micro'" "'neck-tilt'" "'neck'" NULL 0 NULL
		ev "$(at 2 14 31)" response 4 "'micro'" "'neck-tilt'" "'neck'" "'done'" 0 NULL
		ev "$(at 2 18 0)" checkin 0 NULL NULL NULL NULL 2 "'{}'"
		# the next Monday (outside the week): must not count
		ev "$(at 7 9 0)" bout 0 NULL NULL NULL NULL 600 NULL
		# wearable rows: Monday from two overlapping imports (the longer
		# worn one counts), Thursday from one
		echo "INSERT INTO imports(id,sha256,path,format,device,imported_at) VALUES(901,'aa','a.cwa','cwa',NULL,0),(902,'bb','b.csv','csv',NULL,0);"
		echo "INSERT INTO accel_days VALUES(901,'2025-03-10',50000,30000,25,2400,15000,4000,1000,8123);"
		echo "INSERT INTO accel_days VALUES(902,'2025-03-10',20000,15000,5,1200,4000,900,100,3000);"
		echo "INSERT INTO accel_days VALUES(901,'2025-03-13',40000,28000,20,3600,10000,2000,0,4500);"
		echo "INSERT OR REPLACE INTO kv(key,value,updated) VALUES('plan.start','2025-03-03',0);"
		echo "INSERT OR REPLACE INTO kv(key,value,updated) VALUES('redflag.regions','neck',0);"
		echo "COMMIT;"
	} >"$T/fixture.sql"
	sqlite3 "$DB" <"$T/fixture.sql"
}
