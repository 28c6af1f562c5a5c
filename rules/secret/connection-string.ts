/**
 * secret/connection-string: passwords inside database, broker, directory, file
 * transfer, mail and HTTP URLs (`scheme://user:password@host`), ADO.NET / ODBC
 * connection strings (`Server=…;Password=…`), JDBC URLs (`password=` and Oracle
 * `user/password@`) and Kafka JAAS configs. Only the password is reported.
 *
 * Not reported: URLs without a password, references (`${DB_PASSWORD}`, `%(pw)s`,
 * `$(…)`), stand-ins (`:password@`, `:changeme@`, `:secret@`), and default
 * credentials of a local development host (`postgres:postgres@localhost`,
 * `guest:guest@rabbitmq`). Other passwords for loopback hosts (localhost,
 * 127.0.0.1, host.docker.internal) are reported as warnings: they still end up
 * on shared machines and are often reused.
 */
import { secretRule, type Detector, type Verdict } from '../../server/src/engine/secrets/detector';
import { isDefaultDevPassword, isLoopbackHost, isPlaceholderPassword, refineFindings } from './_keys-connections';

const password = (value: string): Verdict => (isPlaceholderPassword(value) ? 'reject' : 'plausible');

/** Negatives every URL detector must pass. */
function urlNegatives(scheme: string): string[] {
  return [
    `${scheme}://db.internal.acme-logistics.io:5432/app`,
    `${scheme}://svc_reader@db.internal.acme-logistics.io/app`,
    `${scheme}://svc_reader:\${DB_PASSWORD}@db.internal.acme-logistics.io/app`,
    `${scheme}://user:password@db.internal.acme-logistics.io/app`,
    `${scheme}://admin:<password>@db.internal.acme-logistics.io/app`,
    `${scheme}://app:changeme@db.internal.acme-logistics.io/app`,
    `${scheme}://app:%(db_password)s@db.internal.acme-logistics.io/app`,
  ];
}

interface UrlFamily {
  name: string;
  title: string;
  keywords: string[];
  pattern: RegExp;
  positive: string[] | false;
  scheme: string;
  envName: string;
}

function urlDetector(u: UrlFamily): Detector {
  return {
    name: u.name,
    title: u.title,
    keywords: u.keywords,
    pattern: u.pattern,
    verify: password,
    envName: u.envName,
    samples: __NHI_SAMPLES__ && u.positive !== false && { positive: u.positive, negative: urlNegatives(u.scheme) },
  };
}

// Every URL pattern: scheme://user:password@ — the user part cannot hold ':' or '@', the password no '@' or '/',
// so the split is unique; the '@' must be followed by a host character. The prefix is a lookbehind so the
// whole match is the password: a named group is located by indexOf in the framework, which would land
// on the user name when user and password are equal (guest:guest@).
const detectors: Detector[] = [
  urlDetector({
    name: 'postgres-url',
    title: 'PostgreSQL connection URL password',
    keywords: ['postgres', 'pgsql', 'postgis', 'timescale', 'redshift', 'cockroach'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:postgres(?:ql)?|postgis|pgsql|timescaledb|redshift|cockroachdb)(?:\+[a-z0-9]{2,20})?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['DATABASE_URL=postgres://billing_svc:RyGGexhkt9mAelqkUvr16G@billing-db.c7x2.eu-west-1.rds.amazonaws.com:5432/billing', 'postgresql+psycopg2://etl:l0vaV42cu9Tu5z@10.20.3.14/warehouse'],
    scheme: 'postgres',
    envName: 'DATABASE_URL',
  }),
  urlDetector({
    name: 'mysql-url',
    title: 'MySQL / MariaDB connection URL password',
    keywords: ['mysql', 'mariadb', 'tidb'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:mysqlx?|mysql2|mariadb|tidb)(?:\+[a-z0-9]{2,20})?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['mysql://shop:iKF4tytVBOxjffawKVQOXG@mysql-primary.shop.svc.cluster.local:3306/shop'],
    scheme: 'mysql',
    envName: 'DATABASE_URL',
  }),
  urlDetector({
    name: 'mongodb-url',
    title: 'MongoDB connection URL password',
    keywords: ['mongodb'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])mongodb(?:\+srv)?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['mongodb+srv://orders-api:XsMtpe5OeJ2MRXJEeLPEtn@cluster0.x7kq2.mongodb.net/orders?retryWrites=true'],
    scheme: 'mongodb',
    envName: 'MONGODB_URI',
  }),
  urlDetector({
    name: 'redis-url',
    title: 'Redis connection URL password',
    keywords: ['redis', 'valkey'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:rediss?|valkey):\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['REDIS_URL=rediss://:XDDNHvAsUZxM7aYy5Oct5X@cache-01.acme-logistics.io:6380/0'],
    scheme: 'redis',
    envName: 'REDIS_URL',
  }),
  urlDetector({
    name: 'amqp-url',
    title: 'AMQP (RabbitMQ) connection URL password',
    keywords: ['amqp'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])amqps?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['amqps://dispatch:BaCRXkwZNNsQPrCHbqTfpr@b-7f2c.mq.eu-west-1.amazonaws.com:5671'],
    scheme: 'amqp',
    envName: 'AMQP_URL',
  }),
  urlDetector({
    name: 'mssql-url',
    title: 'SQL Server connection URL password',
    keywords: ['mssql', 'sqlserver'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:mssql|sqlserver)(?:\+[a-z0-9]{2,20})?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['mssql+pyodbc://reporting:y9ip6qVtjrfgJUhDtARBG@sql-prod-02.corp.acme-logistics.io/reports?driver=ODBC+Driver+18'],
    scheme: 'mssql',
    envName: 'DATABASE_URL',
  }),
  urlDetector({
    name: 'other-database-url',
    title: 'database connection URL password',
    keywords: ['neo4j', 'bolt', 'cassandra', 'couchdb', 'couchbase', 'clickhouse', 'snowflake', 'oracle', 'db2', 'influxdb', 'elasticsearch', 'opensearch', 'memcached', 'arangodb', 'surrealdb'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:neo4j(?:\+s|\+ssc)?|bolt(?:\+s)?|cassandra|couchdb|couchbases?|clickhouse|snowflake|oracle|db2|influxdb|elasticsearch|opensearch|memcached|arangodb|surrealdb)(?:\+[a-z0-9]{2,20})?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['neo4j+s://neo4j:9pArUSIPhwkD5mTVLJ8xoz@3f9c21ab.databases.neo4j.io', 'snowflake://LOADER:SeysiUDA9qzcLOW7bndPYI@acme-eu.snowflakecomputing.com/RAW'],
    scheme: 'clickhouse',
    envName: 'DATABASE_URL',
  }),
  urlDetector({
    name: 'message-broker-url',
    title: 'message broker URL password',
    keywords: ['nats', 'mqtt', 'stomp', 'kafka', 'zookeeper', 'pulsar'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:nats|mqtts?|stomp(?:\+ssl)?|kafka|zookeeper|pulsar(?:\+ssl)?):\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['mqtts://telemetry:Qm4vX9kL2pT7rZ1wN8yB@iot.acme-logistics.io:8883'],
    scheme: 'mqtt',
    envName: 'BROKER_URL',
  }),
  urlDetector({
    name: 'ldap-url',
    title: 'LDAP bind password in a URL',
    keywords: ['ldap'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])ldaps?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['ldaps://svc-ldap-sync:Hq2pW8xZ4mK7vR1t@dc01.corp.acme-logistics.io:636'],
    scheme: 'ldap',
    envName: 'LDAP_BIND_PASSWORD',
  }),
  urlDetector({
    name: 'ftp-url',
    title: 'FTP / SFTP password in a URL',
    keywords: ['ftp'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:s?ftp|ftps):\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['ftp://edi-upload:Lk3vR8qZ2xN5mT9w@ftp.partner-freight.com/inbound/'],
    scheme: 'ftp',
    envName: 'FTP_PASSWORD',
  }),
  urlDetector({
    name: 'smtp-url',
    title: 'SMTP password in a URL',
    keywords: ['smtp', 'submission'],
    pattern: /(?<=(?<![A-Za-z0-9+.-])(?:smtps?|submission)(?:\+[a-z]{2,12})?:\/\/[^:@/\s\"'<>`\\]{0,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
    positive: __NHI_SAMPLES__ && ['EMAIL_URL=smtp+tls://notifications%40acme-logistics.io:Wz7qL3pK9vT2xR5m@smtp.office365.com:587'],
    scheme: 'smtp',
    envName: 'SMTP_PASSWORD',
  }),
  {
    ...urlDetector({
      name: 'http-url-credentials',
      title: 'password in an HTTP(S) URL',
      keywords: ['http'],
      pattern: /(?<=(?<![A-Za-z0-9+.-])(?:https?|wss?|git\+https?):\/\/[^:@/\s\"'<>`\\]{1,128}:)[^@/\s\"'<>`\\]{3,256}(?=@[A-Za-z0-9[_-])/gi,
      positive: __NHI_SAMPLES__ && ['proxy = http://build-proxy:Tz4nW8kP1qX6vL3r@proxy.corp.acme-logistics.io:3128', 'https://deploy:Gm7xK2vP9qL4tR8z@nexus.acme-logistics.io/repository/releases/'],
      scheme: 'https',
      envName: 'HTTP_PASSWORD',
    }),
    minEntropy: 2.5,
  },
  {
    name: 'jdbc-oracle-thin',
    title: 'Oracle JDBC URL password (user/password@)',
    keywords: ['jdbc:oracle'],
    pattern: /(?<=jdbc:oracle:(?:thin|oci8?):[A-Za-z0-9_$#]{1,64}\/)[^@\s"'<>/\\]{3,128}(?=@)/gi,
    verify: password,
    envName: 'JDBC_PASSWORD',
    samples: __NHI_SAMPLES__ && { positive: ['jdbc:oracle:thin:LEDGER_APP/Pq8vX2mL5tK9z@//ora-prod.corp.acme-logistics.io:1521/LEDGER'], negative: ['jdbc:oracle:thin:scott/tiger@localhost:1521:orcl', 'jdbc:oracle:thin:@//ora-prod:1521/LEDGER'] },
  },
  {
    name: 'jdbc-url-password',
    title: 'JDBC URL password',
    keywords: ['jdbc:'],
    pattern: /(?<=jdbc:[a-z0-9]{2,20}:[^\s"'<>]{0,512}[?&;:]password=)[^&;\s"'<>]{3,128}/gi,
    verify: password,
    envName: 'JDBC_PASSWORD',
    samples: __NHI_SAMPLES__ && {
      positive: __NHI_SAMPLES__ && ['jdbc:mysql://mysql-01.acme-logistics.io:3306/inventory?user=inv_app&password=Nw5kR8vL2qT7xZ3m&useSSL=true', 'jdbc:sqlserver://sql-prod-02:1433;databaseName=Payroll;user=payroll_svc;password=Jx4mT9qW2vK7pL5z;encrypt=true'],
      negative: ['jdbc:mysql://mysql-01:3306/inventory?user=inv_app&password=${DB_PASSWORD}', 'jdbc:postgresql://pg-01:5432/app?user=app', 'jdbc:sqlserver://sql-prod-02:1433;databaseName=Payroll;integratedSecurity=true'],
    },
  },
  {
    name: 'ado-net-password',
    title: 'ADO.NET / ODBC connection string password',
    keywords: ['password', 'pwd'],
    // The key leads (not a lookbehind): the regex engine then looks for `password`/`pwd` instead of trying every position.
    pattern: /(?<![A-Za-z0-9_.-])(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}(?<secret>[^;"'\s<>]{3,128})(?=[ \t]{0,4}(?:;|"|'|\r?\n|$))/gim,
    // Another connection-string key on the same (or previous) line: Server=, Data Source=, Host=, User Id=, Database=, DSN=.
    context: /(?:^|[;"'\s])(?:server|data source|host|address|addr|network address|initial catalog|database|user id|uid|username|dsn|driver)[ \t]{0,4}=/im,
    verify: password,
    envName: 'CONNECTION_STRING',
    samples: __NHI_SAMPLES__ && {
      positive: __NHI_SAMPLES__ && ['"Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_api;Password=Fv8qK3mX7tL2wR9z;Encrypt=True;"', 'Host=pg-01.acme-logistics.io;Database=app;Username=app;Pwd=Zr5tQ8wK2mN7vX4p'],
      negative: ['Server=localhost;Database=app;Trusted_Connection=True;', 'Server=db;Database=app;User Id=sa;Password=${SA_PASSWORD};', 'Server=db;Database=app;User Id=sa;Password=<YourStrong!Passw0rd>;', 'password=Fv8qK3mX7tL2wR9z'],
    },
  },
  {
    name: 'kafka-jaas-password',
    title: 'Kafka SASL JAAS config password',
    keywords: ['loginmodule'],
    pattern: /(?<=(?:PlainLoginModule|ScramLoginModule)[ \t]{1,4}required[^;]{0,400}(?<![A-Za-z0-9_])password[ \t]{0,4}=[ \t]{0,4}\\?["'])[^"'\\\s]{3,256}(?=\\?["'])/g,
    verify: password,
    envName: 'KAFKA_SASL_PASSWORD',
    samples: __NHI_SAMPLES__ && {
      positive: __NHI_SAMPLES__ && ['sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="ZXQ4HV7LM2K" password="kP9vX2mQ7tL4wR8zN3jB5cY1";'],
      negative: ['sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$ConnectionString" password="${EVENTHUB_CONN}";'],
    },
  },
];

const rule = secretRule({
  id: 'secret/connection-string',
  title: 'Password in a connection string or URL',
  rotateUrl: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  detectors,
});

/** `user:password@host` around a reported password: the user before it, the host after it. */
function urlParts(text: string, start: number, end: number): { user: string; host: string } | undefined {
  if (text[end] !== '@' || text[start - 1] !== ':') return undefined;
  const head = text.slice(Math.max(0, start - 130), start - 1);
  const user = /[^:@/\s"'<>`\\]{0,128}$/.exec(head)?.[0] ?? '';
  const host = /^[^/:?#\s"'<>,;\\]{1,253}/.exec(text.slice(end + 1, end + 256))?.[0] ?? '';
  return { user: decodeURIComponentSafe(user), host: host.toLowerCase() };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const connectionString = refineFindings(rule, (draft, ctx) => {
  const text = ctx.document.text;
  const parts = urlParts(text, draft.range.start, draft.range.end);
  if (!parts) return draft;
  const secret = text.slice(draft.range.start, draft.range.end);
  const local = isLoopbackHost(parts.host) || !parts.host.includes('.');
  // Default credentials of a dev container on this machine or a compose service: not a secret worth a finding.
  if (local && isDefaultDevPassword(decodeURIComponentSafe(secret), parts.user)) return undefined;
  if (isLoopbackHost(parts.host)) return { ...draft, severity: 'warning', message: `${draft.message} (The host is a local development host.)` };
  return draft;
});
