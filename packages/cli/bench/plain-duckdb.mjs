// The baseline: the same group-by as `costkit report --by team,feature`, written by
// hand against DuckDB, reading only the columns it needs, no bad-line accounting.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const reader = await connection.runAndReadAll(`
  SELECT tags['team'] AS team, tags['feature'] AS feature, sum(cost.totalPicoUsd) AS pico, count(*) AS calls
  FROM read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited',
    columns = {tags: 'MAP(VARCHAR, VARCHAR)', cost: 'STRUCT(totalPicoUsd BIGINT)'})
  GROUP BY ALL ORDER BY pico DESC`);
console.log(JSON.stringify(reader.getRowObjectsJson()));
