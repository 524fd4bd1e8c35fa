// The catalogue's new columns (issue [6] item 2): each recomputed from the certificate it was read from, so the data
// in roots-data.ts cannot drift; firmware ranges checked against the hash lists they come from; a source for every
// column of every row; and how `certdesk roots` says it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RootEntry } from '../../../shared/dto';
import { ROOT_PEMS } from '../../../electron/engine/amt/roots-pem';
import { ROOT_ROWS } from '../../../electron/engine/amt/roots-data';
import { describeRoot, findCatalogueEntry, rootCatalogue, rootRefusedFrom } from '../../../electron/engine/amt/roots';
import { parsePem } from '../../../electron/engine/pki/pem';
import { summarize } from '../../../electron/engine/pki/summary';
import { parseCertificate } from '../../../electron/engine/pki/x509';
import { openssl, tempDir } from '../../support/openssl';

// Root certificates that are not embedded (not in Debian's store), as found where each row's certificateSource says.
// Public CA certificates, kept here only so the test can recompute their rows anywhere.
const ELSEWHERE: Record<string, string> = {
  // .NET SDK 10.0.401 trustedroots/codesignctl.pem; also GoogleCloudPlatform/gsutil gslib/data/cacerts.txt at 90ec41aac0aac237417c765664660f21e8375621
  'E7685634EFACF69ACE939A6B255B7B4FABEF42935B50A265ACB5CB6027E44E70': [
    '-----BEGIN CERTIFICATE-----',
    'MIICPDCCAaUCEHC65B0Q2Sk0tjjKewPMur8wDQYJKoZIhvcNAQECBQAwXzELMAkG',
    'A1UEBhMCVVMxFzAVBgNVBAoTDlZlcmlTaWduLCBJbmMuMTcwNQYDVQQLEy5DbGFz',
    'cyAzIFB1YmxpYyBQcmltYXJ5IENlcnRpZmljYXRpb24gQXV0aG9yaXR5MB4XDTk2',
    'MDEyOTAwMDAwMFoXDTI4MDgwMTIzNTk1OVowXzELMAkGA1UEBhMCVVMxFzAVBgNV',
    'BAoTDlZlcmlTaWduLCBJbmMuMTcwNQYDVQQLEy5DbGFzcyAzIFB1YmxpYyBQcmlt',
    'YXJ5IENlcnRpZmljYXRpb24gQXV0aG9yaXR5MIGfMA0GCSqGSIb3DQEBAQUAA4GN',
    'ADCBiQKBgQDJXFme8huKARS0EN8EQNvjV69qRUCPhAwL0TPZ2RHP7gJYHyX3KqhE',
    'BarsAx94f56TuZoAqiN91qyFomNFx3InzPRMxnVx0jnvT0Lwdd8KkMaOIG+YD/is',
    'I19wKTakyYbnsZogy1Olhec9vn2a/iRFM9x2Fe0PonFkTGUugWhFpwIDAQABMA0G',
    'CSqGSIb3DQEBAgUAA4GBALtMEivPLCYATxQT3ab7/AoRhIzzKBxnki98tsX63/Do',
    'lbwdj2wsqFHMc9ikwFPwTtYmwHYBV4GSXiHx0bH/59AhWM1pF+NEHJwZRDmJXNyc',
    'AA9WjQKZ7aKQRUzkuxCkPfAyAw7xzvjoyVGM5mKf5p/AfbdynMk2OmufTqj/ZA1k',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // pip's vendored certifi for Python 2.7.18 (cacert.pem)
  'EB04CF5EB1F39AFA762F2BB120F296CBA520C1B97DB1589565B81CB9A17B7244': [
    '-----BEGIN CERTIFICATE-----',
    'MIIEGjCCAwICEQCbfgZJoz5iudXukEhxKe9XMA0GCSqGSIb3DQEBBQUAMIHKMQsw',
    'CQYDVQQGEwJVUzEXMBUGA1UEChMOVmVyaVNpZ24sIEluYy4xHzAdBgNVBAsTFlZl',
    'cmlTaWduIFRydXN0IE5ldHdvcmsxOjA4BgNVBAsTMShjKSAxOTk5IFZlcmlTaWdu',
    'LCBJbmMuIC0gRm9yIGF1dGhvcml6ZWQgdXNlIG9ubHkxRTBDBgNVBAMTPFZlcmlT',
    'aWduIENsYXNzIDMgUHVibGljIFByaW1hcnkgQ2VydGlmaWNhdGlvbiBBdXRob3Jp',
    'dHkgLSBHMzAeFw05OTEwMDEwMDAwMDBaFw0zNjA3MTYyMzU5NTlaMIHKMQswCQYD',
    'VQQGEwJVUzEXMBUGA1UEChMOVmVyaVNpZ24sIEluYy4xHzAdBgNVBAsTFlZlcmlT',
    'aWduIFRydXN0IE5ldHdvcmsxOjA4BgNVBAsTMShjKSAxOTk5IFZlcmlTaWduLCBJ',
    'bmMuIC0gRm9yIGF1dGhvcml6ZWQgdXNlIG9ubHkxRTBDBgNVBAMTPFZlcmlTaWdu',
    'IENsYXNzIDMgUHVibGljIFByaW1hcnkgQ2VydGlmaWNhdGlvbiBBdXRob3JpdHkg',
    'LSBHMzCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMu6nFL8eB8aHm8b',
    'N3O9+MlrlBIwT/A2R/XQkQr1F8ilYcEWQE37imGQ5XYgwREGfassbqb1EUGO+i2t',
    'KmFZpGcmTNDovFJbcCAEWNF6yaRpvIMXZK0Fi7zQWM6NjPXr8EJJC52XJ2cybuGu',
    'kxUccLwgTS8Y3pKI6GyFVxEa6X7jJhFUokWWVYPKMIno3Nij7SqAP395ZVc+FSBm',
    'CC+Vk7+qRy+oRpfwEuL+wgorUeZ25rdGt+INpsyow0xZVYnm6FNcHOqd8GIWC6fJ',
    'Xwzw3sJ2zq/3avL6QaaiMxTJ5Xpj055iN9WFZZ4O5lMkdBteHRJTW8cs54NJOxWu',
    'imi5V5cCAwEAATANBgkqhkiG9w0BAQUFAAOCAQEAERSWwauSCPc/L8my/uRan2Te',
    '2yFPhpk0djZX3dAVL8WtfxUfN2JzPtTnX84XA9s1+ivbrmAJXx5fj267Cz3qWhMe',
    'DGBvtcC1IyIuBwvLqXTLR7sdwdela8wv0kL9Sd2nic9TutoAWii/gt/4uhMdUIaC',
    '/Y4wjylGsB49Ndo4YhYYSq3mtlFs3q9i6wHQHiT+eo8SGhJouPtmmRQURVyu565p',
    'F4ErWjfJXir0xuKhXFSbplQAz/DxwceYMBo7Nhbbo27q/a2ywtrvAkcTisDxszGt',
    'TxzhT5yvDwyd93gN2PQ1VoDat20Xj50egWTh/sVFuq1ruQp6Tk9LhO5L8X3dEQ==',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // .NET SDK 10.0.401 trustedroots/codesignctl.pem
  '83CE3C1229688A593D485F81973C0F9195431EDA37CC5E36430E79C7A888638B': [
    '-----BEGIN CERTIFICATE-----',
    'MIIDAjCCAmsCEH3Z/gfPqB63EHln+6eJNMYwDQYJKoZIhvcNAQEFBQAwgcExCzAJ',
    'BgNVBAYTAlVTMRcwFQYDVQQKEw5WZXJpU2lnbiwgSW5jLjE8MDoGA1UECxMzQ2xh',
    'c3MgMyBQdWJsaWMgUHJpbWFyeSBDZXJ0aWZpY2F0aW9uIEF1dGhvcml0eSAtIEcy',
    'MTowOAYDVQQLEzEoYykgMTk5OCBWZXJpU2lnbiwgSW5jLiAtIEZvciBhdXRob3Jp',
    'emVkIHVzZSBvbmx5MR8wHQYDVQQLExZWZXJpU2lnbiBUcnVzdCBOZXR3b3JrMB4X',
    'DTk4MDUxODAwMDAwMFoXDTI4MDgwMTIzNTk1OVowgcExCzAJBgNVBAYTAlVTMRcw',
    'FQYDVQQKEw5WZXJpU2lnbiwgSW5jLjE8MDoGA1UECxMzQ2xhc3MgMyBQdWJsaWMg',
    'UHJpbWFyeSBDZXJ0aWZpY2F0aW9uIEF1dGhvcml0eSAtIEcyMTowOAYDVQQLEzEo',
    'YykgMTk5OCBWZXJpU2lnbiwgSW5jLiAtIEZvciBhdXRob3JpemVkIHVzZSBvbmx5',
    'MR8wHQYDVQQLExZWZXJpU2lnbiBUcnVzdCBOZXR3b3JrMIGfMA0GCSqGSIb3DQEB',
    'AQUAA4GNADCBiQKBgQDMXtERXVxp0KvTuWpMmR9ZmDCOFoUgRm1HP9SFIIThbbP4',
    'pO0M8RcPO/mn+SXXwc+EY/J8Y8+iR/LGWzOOZEAEaMGAuWQcRXfH2G71lSk8UOg0',
    '13gfqLptQ5GVj0VXXn7F+8qkBOvqlzdUMG+7AUcyM83cV5tkaWH4mx0ciU9cZwID',
    'AQABMA0GCSqGSIb3DQEBBQUAA4GBAFFNzb5cy5gZnBWyATl4Lk0PZ3BwmcYQWpSk',
    'U01UbSuvDV1Ai2TT1+7eVmGSX6bEHRBhNtMsJzzoKQm5EWR0zLVznxxIqbxhAe7i',
    'F6YM40AIOw7n60RzKprxaZLvcRTDOaxxp5EJb+RxBrO6WVcmeQD2+A2iMzAo1KpY',
    'oJ2daZH9',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // openjdk/jdk make/data/cacerts/verisignclass3ca at 845bf8c1bc263f9ee92ad2f41b701b1c2e386695
  'A4B6B3996FC2F306B3FD8681BD63413D8C5009CC4FA329C2CCF0E2FA1B140305': [
    '-----BEGIN CERTIFICATE-----',
    'MIICPDCCAaUCEDyRMcsf9tAbDpq40ES/Er4wDQYJKoZIhvcNAQEFBQAwXzELMAkG',
    'A1UEBhMCVVMxFzAVBgNVBAoTDlZlcmlTaWduLCBJbmMuMTcwNQYDVQQLEy5DbGFz',
    'cyAzIFB1YmxpYyBQcmltYXJ5IENlcnRpZmljYXRpb24gQXV0aG9yaXR5MB4XDTk2',
    'MDEyOTAwMDAwMFoXDTI4MDgwMjIzNTk1OVowXzELMAkGA1UEBhMCVVMxFzAVBgNV',
    'BAoTDlZlcmlTaWduLCBJbmMuMTcwNQYDVQQLEy5DbGFzcyAzIFB1YmxpYyBQcmlt',
    'YXJ5IENlcnRpZmljYXRpb24gQXV0aG9yaXR5MIGfMA0GCSqGSIb3DQEBAQUAA4GN',
    'ADCBiQKBgQDJXFme8huKARS0EN8EQNvjV69qRUCPhAwL0TPZ2RHP7gJYHyX3KqhE',
    'BarsAx94f56TuZoAqiN91qyFomNFx3InzPRMxnVx0jnvT0Lwdd8KkMaOIG+YD/is',
    'I19wKTakyYbnsZogy1Olhec9vn2a/iRFM9x2Fe0PonFkTGUugWhFpwIDAQABMA0G',
    'CSqGSIb3DQEBBQUAA4GBABByUqkFFBkyCEHwxWsKzH4PIRnN5GfcX6kb5sroc50i',
    '2JhucwNhkcV8sEVAbkSdjbCxlnRhLQ2pRdKkkirWmnWXbj9T/UWZYB2oK0z5XqcJ',
    '2HUw19JlYD1n1khVdWk/kfVIC0dpImmClr7JyDiGSnoscxlIaU5rfGW/D/xwzoiQ',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // pip's vendored certifi for Python 2.7.18 (cacert.pem)
  '9ACFAB7E43C8D880D06B262A94DEEEE4B4659989C3D0CAF19BAF6405E41AB7DF': [
    '-----BEGIN CERTIFICATE-----',
    'MIIE0zCCA7ugAwIBAgIQGNrRniZ96LtKIVjNzGs7SjANBgkqhkiG9w0BAQUFADCB',
    'yjELMAkGA1UEBhMCVVMxFzAVBgNVBAoTDlZlcmlTaWduLCBJbmMuMR8wHQYDVQQL',
    'ExZWZXJpU2lnbiBUcnVzdCBOZXR3b3JrMTowOAYDVQQLEzEoYykgMjAwNiBWZXJp',
    'U2lnbiwgSW5jLiAtIEZvciBhdXRob3JpemVkIHVzZSBvbmx5MUUwQwYDVQQDEzxW',
    'ZXJpU2lnbiBDbGFzcyAzIFB1YmxpYyBQcmltYXJ5IENlcnRpZmljYXRpb24gQXV0',
    'aG9yaXR5IC0gRzUwHhcNMDYxMTA4MDAwMDAwWhcNMzYwNzE2MjM1OTU5WjCByjEL',
    'MAkGA1UEBhMCVVMxFzAVBgNVBAoTDlZlcmlTaWduLCBJbmMuMR8wHQYDVQQLExZW',
    'ZXJpU2lnbiBUcnVzdCBOZXR3b3JrMTowOAYDVQQLEzEoYykgMjAwNiBWZXJpU2ln',
    'biwgSW5jLiAtIEZvciBhdXRob3JpemVkIHVzZSBvbmx5MUUwQwYDVQQDEzxWZXJp',
    'U2lnbiBDbGFzcyAzIFB1YmxpYyBQcmltYXJ5IENlcnRpZmljYXRpb24gQXV0aG9y',
    'aXR5IC0gRzUwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCvJAgIKXo1',
    'nmAMqudLO07cfLw8RRy7K+D+KQL5VwijZIUVJ/XxrcgxiV0i6CqqpkKzj/i5Vbex',
    't0uz/o9+B1fs70PbZmIVYc9gDaTY3vjgw2IIPVQT60nKWVSFJuUrjxuf6/WhkcIz',
    'SdhDY2pSS9KP6HBRTdGJaXvHcPaz3BJ023tdS1bTlr8Vd6Gw9KIl8q8ckmcY5fQG',
    'BO+QueQA5N06tRn/Arr0PO7gi+s3i+z016zy9vA9r911kTMZHRxAy3QkGSGT2RT+',
    'rCpSx4/VBEnkjWNHiDxpg8v+R70rfk/Fla4OndTRQ8Bnc+MUCH7lP59zuDMKz10/',
    'NIeWiu5T6CUVAgMBAAGjgbIwga8wDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E',
    'BAMCAQYwbQYIKwYBBQUHAQwEYTBfoV2gWzBZMFcwVRYJaW1hZ2UvZ2lmMCEwHzAH',
    'BgUrDgMCGgQUj+XTGoasjY5rw8+AatRIGCx7GS4wJRYjaHR0cDovL2xvZ28udmVy',
    'aXNpZ24uY29tL3ZzbG9nby5naWYwHQYDVR0OBBYEFH/TZafC3ey78DAJ80M5+gKv',
    'MzEzMA0GCSqGSIb3DQEBBQUAA4IBAQCTJEowX2LP2BqYLz3q3JktvXf2pXkiOOzE',
    'p6B4Eq1iDkVwZMXnl2YtmAl+X6/WzChl8gGqCBpH3vn5fJJaCGkgDdk+bW48DW7Y',
    '5gaRQBi5+MHt39tBquCWIMnNZBU4gcmU7qKEKQsTb47bDN0lAtukixlE0kF6BWlK',
    'WE9gyn6CagsCqiUXObXbf+eEZSqVir2G3l6BFoMtEMze/aiCKm0oHw0LxOXnGiYZ',
    '4fQRbxC1lfznQgUy286dUV4otp6F01vvpX1FQHKOtw5rDgb7MzVIcbidJ4vEZV8N',
    'hnacRHr2lVz2XTIIM6RUthg/aFzyQkqFOFSDX9HoLPKsEdao7WNq',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // .NET SDK 10.0.401 trustedroots/codesignctl.pem
  'A53125188D2110AA964B02C7B7C6DA3203170894E5FB71FFFB6667D5E6810A36': [
    '-----BEGIN CERTIFICATE-----',
    'MIICWjCCAcMCAgGlMA0GCSqGSIb3DQEBBAUAMHUxCzAJBgNVBAYTAlVTMRgwFgYD',
    'VQQKEw9HVEUgQ29ycG9yYXRpb24xJzAlBgNVBAsTHkdURSBDeWJlclRydXN0IFNv',
    'bHV0aW9ucywgSW5jLjEjMCEGA1UEAxMaR1RFIEN5YmVyVHJ1c3QgR2xvYmFsIFJv',
    'b3QwHhcNOTgwODEzMDAyOTAwWhcNMTgwODEzMjM1OTAwWjB1MQswCQYDVQQGEwJV',
    'UzEYMBYGA1UEChMPR1RFIENvcnBvcmF0aW9uMScwJQYDVQQLEx5HVEUgQ3liZXJU',
    'cnVzdCBTb2x1dGlvbnMsIEluYy4xIzAhBgNVBAMTGkdURSBDeWJlclRydXN0IEds',
    'b2JhbCBSb290MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCVD6C28FCc6HrH',
    'iM3dFw4usJTQGz0O9pTAipTHBsiQl8i4ZBp6fmw8U+E3KHNgf7KXUwefU/ltWJTS',
    'r41tiGeA5u2ylc9yMcqlHHK6XALnZELn+aks1joNrI1CqiQBOeacPwGFVw1Yh0X4',
    '04Wqk2kmhXBIgD8SFcd5tB8FLztimQIDAQABMA0GCSqGSIb3DQEBBAUAA4GBAG3r',
    'GwnpXtlR22ciYaQqPEh346B8pt5zohQDhT37qw4wxYMWM4ETCJ57NE7fQMh017l9',
    '3PR2VX2bY1QY6fDq81yx2YtCHrnAlU66+tXifPVoYb+O7AWXX1uw16OFNMQkpw0P',
    'lZPvy5TYnh+dXIVtx6quTx8itc2VrbqnzPmrC3p/',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // pip's vendored certifi for Python 3.7.16 (cacert.pem)
  '960ADF0063E96356750C2965DD0A0867DA0B9CBD6E77714AEAFB2349AB393DA3': [
    '-----BEGIN CERTIFICATE-----',
    'MIIDoTCCAomgAwIBAgILBAAAAAABD4WqLUgwDQYJKoZIhvcNAQEFBQAwOzEYMBYG',
    'A1UEChMPQ3liZXJ0cnVzdCwgSW5jMR8wHQYDVQQDExZDeWJlcnRydXN0IEdsb2Jh',
    'bCBSb290MB4XDTA2MTIxNTA4MDAwMFoXDTIxMTIxNTA4MDAwMFowOzEYMBYGA1UE',
    'ChMPQ3liZXJ0cnVzdCwgSW5jMR8wHQYDVQQDExZDeWJlcnRydXN0IEdsb2JhbCBS',
    'b290MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA+Mi8vRRQZhP/8NN5',
    '7CPytxrHjoXxEnOmGaoQ25yiZXRadz5RfVb23CO21O1fWLE3TdVJDm71aofW0ozS',
    'J8bi/zafmGWgE07GKmSb1ZASzxQG9Dvj1Ci+6A74q05IlG2OlTEQXO2iLb3VOm2y',
    'HLtgwEZLAfVJrn5GitB0jaEMAs7u/OePuGtm839EAL9mJRQr3RAwHQeWP032a7iP',
    't3sMpTjr3kfb1V05/Iin89cqdPHoWqI7n1C6poxFNcJQZZXcY4Lv3b93TZxiyWNz',
    'FtApD0mpSPCzqrdsxacwOUBdrsTiXSZT8M4cIwhhqJQZugRiQOwfOHB3EgZxpzAY',
    'XSUnpQIDAQABo4GlMIGiMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8EBTADAQH/',
    'MB0GA1UdDgQWBBS2CHsNesysIEyGVjJez6tuhS1wVzA/BgNVHR8EODA2MDSgMqAw',
    'hi5odHRwOi8vd3d3Mi5wdWJsaWMtdHJ1c3QuY29tL2NybC9jdC9jdHJvb3QuY3Js',
    'MB8GA1UdIwQYMBaAFLYIew16zKwgTIZWMl7Pq26FLXBXMA0GCSqGSIb3DQEBBQUA',
    'A4IBAQBW7wojoFROlZfJ+InaRcHUowAl9B8Tq7ejhVhpwjCt2BWKLePJzYFa+HMj',
    'Wqd8BfP9IjsO0QbE2zZMcwSO5bAi5MXzLqXZI+O4Tkogp24CJJ8iYGd7ix1yCcUx',
    'XOl5n4BHPa2hCwcUPUf/A2kaDAtE52Mlp3+yybh2hO0j9n0Hq0V+09+zv+mKts2o',
    'omcrUtW3ZfA5TGOgkXmTUg9U3YO7n9GPp1Nzw8v/MOx8BLjYRB+TX3EJIrduPuoc',
    'A06dGiBh+4E37F78CkWr1+cXVdCg6mCbpvbjjFspwgZgFJ0tl0ypkxWdYcQBX0jW',
    'WL1WMRJOEcgh4LMRkWXbtKaIOM5V',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // .NET SDK 10.0.401 trustedroots/timestampctl.pem
  '68AD50909B04363C605EF13581A939FF2C96372E3F12325B0A6861E1D59F6603': [
    '-----BEGIN CERTIFICATE-----',
    'MIIDdTCCAl2gAwIBAgIBATANBgkqhkiG9w0BAQsFADBcMQswCQYDVQQGEwJVUzEZ',
    'MBcGA1UECgwQVmVyaXpvbiBCdXNpbmVzczERMA8GA1UECwwIT21uaVJvb3QxHzAd',
    'BgNVBAMMFlZlcml6b24gR2xvYmFsIFJvb3QgQ0EwHhcNMDkwNzMwMTQyNzA0WhcN',
    'MzQwNzMwMTQyNzA0WjBcMQswCQYDVQQGEwJVUzEZMBcGA1UECgwQVmVyaXpvbiBC',
    'dXNpbmVzczERMA8GA1UECwwIT21uaVJvb3QxHzAdBgNVBAMMFlZlcml6b24gR2xv',
    'YmFsIFJvb3QgQ0EwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCKAAxw',
    'Hb/rNIbDmUU1Hn9D96tvJC3NGcIQu7DKKVupIKurcizE4gI5bYK4xRHq+PuznmL4',
    'Mx6wH8nj9jfbBMg7Y0824oWkJR3HaR8EvWhFE5YHH5RQ9T7FJ1SewElXRI4HY9Sm',
    'ru0imcxNlmkEE252iZ90FpT5HVS9ornSgwEiDE1EgKr+NYknJaeGicbVGpLjj8WV',
    'oBRymuhWxQJVHJf5IC7Q9TwTGVr24fkLA4Jpp4y31m+cVj6d6CoJYG1L5vuLmRT3',
    'NE9lWYCNuVfIojUh2IhxVl3uglctJpAYn5qcnI/v1MVjp1R9R5GHfRoSqBsYb6lv',
    'sSe65AR0zjcef2bFAgMBAAGjQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/',
    'BAQDAgEGMB0GA1UdDgQWBBRMOBG4mABbWitwPqp45NVnZ2enfjANBgkqhkiG9w0B',
    'AQsFAAOCAQEAAV+gsQYB9HnXZRhgPs95oLrCI08j34eWX4EOOBUuXMgCaCkg/Ivu',
    'pYoYgWRcmDV+OTCCpIKKULW6w+ha1qie4sMX29vE67AKIA3pnuP/YFRH8Tud1Cg8',
    'oq6j+6qLgiIqNYeQuBxZR5DVnS76SeNlqDbrx+QcaNyzMWyrTs4kgBXIEFkQEXJN',
    'epyYnMT8YeCzsp1OoMbCWasY1qJVRewpqiU31k5KPQtAweST5PzNkQv45qvMs3bE',
    'Yr8Z7Ya2ecMpVFS8mX1GV8+mz/RUKpoDZUcBoUIqyyVHbnxeAEuR2fkbEAZw+UIV',
    'pl+q10Ae/clInZeB6lxowqDniaFTTb/H4w==',
    '-----END CERTIFICATE-----',
  ].join('\n'),
  // pip's vendored certifi for Python 2.7.18 (cacert.pem)
  '2399561127A57125DE8CEFEA610DDF2FA078B5C8067F4E828290BFB860E84B3C': [
    '-----BEGIN CERTIFICATE-----',
    'MIIEuTCCA6GgAwIBAgIQQBrEZCGzEyEDDrvkEhrFHTANBgkqhkiG9w0BAQsFADCB',
    'vTELMAkGA1UEBhMCVVMxFzAVBgNVBAoTDlZlcmlTaWduLCBJbmMuMR8wHQYDVQQL',
    'ExZWZXJpU2lnbiBUcnVzdCBOZXR3b3JrMTowOAYDVQQLEzEoYykgMjAwOCBWZXJp',
    'U2lnbiwgSW5jLiAtIEZvciBhdXRob3JpemVkIHVzZSBvbmx5MTgwNgYDVQQDEy9W',
    'ZXJpU2lnbiBVbml2ZXJzYWwgUm9vdCBDZXJ0aWZpY2F0aW9uIEF1dGhvcml0eTAe',
    'Fw0wODA0MDIwMDAwMDBaFw0zNzEyMDEyMzU5NTlaMIG9MQswCQYDVQQGEwJVUzEX',
    'MBUGA1UEChMOVmVyaVNpZ24sIEluYy4xHzAdBgNVBAsTFlZlcmlTaWduIFRydXN0',
    'IE5ldHdvcmsxOjA4BgNVBAsTMShjKSAyMDA4IFZlcmlTaWduLCBJbmMuIC0gRm9y',
    'IGF1dGhvcml6ZWQgdXNlIG9ubHkxODA2BgNVBAMTL1ZlcmlTaWduIFVuaXZlcnNh',
    'bCBSb290IENlcnRpZmljYXRpb24gQXV0aG9yaXR5MIIBIjANBgkqhkiG9w0BAQEF',
    'AAOCAQ8AMIIBCgKCAQEAx2E3XrEBNNti1xWb/1hajCMj1mCOkdeQmIN65lgZOIzF',
    '9uVkhbSicfvtvbnazU0AtMgtc6XHaXGVHzk8skQHnOgO+k1KxCHfKWGPMiJhgsWH',
    'H26MfF8WIFFE0XBPV+rjHOPMee5Y2A7Cs0WTwCznmhcrewA3ekEzeOEz4vMQGn+H',
    'LL729fdC4uW/h2KJXwBL38Xd5HVEMkE6HnFuacsLdUYI0crSK5XQz/u5QGtkjFdN',
    '/BMReYTtXlT2NJ8IAfMQJQYXStrxHXpma5hgZqTZ79IugvHw7wnqRMkVauIDbjPT',
    'rJ9VAMf2CGqUuV/c4DPxhGD5WycRtPwW8rtWaoAljQIDAQABo4GyMIGvMA8GA1Ud',
    'EwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMG0GCCsGAQUFBwEMBGEwX6FdoFsw',
    'WTBXMFUWCWltYWdlL2dpZjAhMB8wBwYFKw4DAhoEFI/l0xqGrI2Oa8PPgGrUSBgs',
    'exkuMCUWI2h0dHA6Ly9sb2dvLnZlcmlzaWduLmNvbS92c2xvZ28uZ2lmMB0GA1Ud',
    'DgQWBBS2d/ppSEefUxLVwuoHMnYH0ZcHGTANBgkqhkiG9w0BAQsFAAOCAQEASvj4',
    'sAPmLGd75JR3Y8xuTPl9Dg3cyLk1uXBPY/ok+myDjEedO2Pzmvl2MpWRsXe8rJq+',
    'seQxIcaBlVZaDrHC1LGmWazxY8u4TB1ZkErvkBYoH1quEPuBUDgMbMzxPcP1Y+Oz',
    '4yHJJDnp/RVmRvQbEdBNc6N9Rvk97ahfYtTxP/jgdFcrGJ2BtMQo2pSXpXDrrB2+',
    'BxHw1dvd5Yzw1TKwg+ZX4o+/vqGqvz0dtdQ46tewXDpPaj+PwGZsY6rp2aQW9IHR',
    'lRQOfc2VNNnSj3BzgXucfr2YYdhFh5iQxeuGMMY1v/D/w1WIg0vvBZIGcfK4mJO3',
    '7M2CYfE45k+XmCpajQ==',
    '-----END CERTIFICATE-----',
  ].join('\n'),
};

// The AMT 11.8.50 firmware list: device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts, payload
// { ver: '11.8.50', build: '3425', certHashes: [...] } (19 hashes).
const AMT_11_8_50 = [
  'e7685634efacf69ace939a6b255b7b4fabef42935b50a265acb5cb6027e44e70',
  'eb04cf5eb1f39afa762f2bb120f296cba520c1b97db1589565b81cb9a17b7244',
  'c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4',
  'd7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4',
  '1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658',
  '83ce3c1229688a593d485f81973c0f9195431eda37cc5e36430e79c7a888638b',
  'a4b6b3996fc2f306b3fd8681bd63413d8c5009cc4fa329c2ccf0e2fa1b140305',
  '9acfab7e43c8d880d06b262a94deeee4b4659989c3d0caf19baf6405e41ab7df',
  'a53125188d2110aa964b02c7b7c6da3203170894e5fb71fffb6667d5e6810a36',
  '16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb',
  '960adf0063e96356750c2965dd0a0867da0b9cbd6e77714aeafb2349ab393da3',
  '68ad50909b04363c605ef13581a939ff2c96372e3f12325b0a6861e1d59f6603',
  '6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177',
  '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c',
  '2399561127a57125de8cefea610ddf2fa078b5c8067f4e828290bfb860e84b3c',
  '45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda',
  '43df5774b03e7fef5fe40d931a7bedf1bb2e6b42738c4e6d3841103d3aa7f339',
  '2ce1cb0bf9d2f9e102993fbe215152c3b2dd0cabde1c68e5319b839154dbb7f5',
  '70a73f7f376b60074248904534b11482d5bf0e698ecc498df52577ebf2e93b9a',
].map((h) => h.toUpperCase());

// The reference list beside the project (its seen_in column names the lists each hash was seen in).
const REFERENCE = [join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'amt-roots.tsv'), '/work/shared/reference/amt-roots.tsv'].find((p) => existsSync(p)) ?? '';
const seenIn = new Map(
  (REFERENCE ? readFileSync(REFERENCE, 'utf8').split('\n') : [])
    .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('sha256\t'))
    .map((l) => l.split('\t'))
    .map((cols) => [cols[0].toUpperCase(), cols[4] ?? ''] as const),
);

// openssl's names for the signature algorithms these roots use → the names CertDesk shows.
const SIGNATURE: Record<string, string> = {
  md2WithRSAEncryption: 'MD2',
  md5WithRSAEncryption: 'MD5',
  sha1WithRSAEncryption: 'SHA-1',
  sha256WithRSAEncryption: 'SHA-256',
  sha384WithRSAEncryption: 'SHA-384',
  'ecdsa-with-SHA384': 'SHA-384',
};
const KEY: Record<string, 'RSA' | 'EC'> = { rsaEncryption: 'RSA', 'id-ecPublicKey': 'EC' };

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** A certificate's facts as one openssl run prints them (fingerprints: SHA-256 by openssl, SHA-1 of the DER by node). */
function opensslFacts(pem: string, name: string) {
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, pem.endsWith('\n') ? pem : `${pem}\n`);
  const text = openssl(['x509', '-in', file, '-noout', '-text', '-enddate', '-dateopt', 'iso_8601', '-fingerprint', '-sha256']).toString();
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  return {
    sha256: /sha256 Fingerprint=([0-9A-F:]+)/.exec(text)![1].replace(/:/g, ''),
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    signatureHash: SIGNATURE[/Signature Algorithm: (\S+)/.exec(text)![1]] ?? 'unmapped',
    keyAlgorithm: KEY[/Public Key Algorithm: (\S+)/.exec(text)![1]] ?? 'unmapped',
    keySize: Number(/Public-Key: \((\d+) bit\)/.exec(text)![1]),
    notAfter: new Date(/notAfter=(.+)$/m.exec(text)![1].trim().replace(' ', 'T')).toISOString(),
  };
}

const columns = (r: { signatureHash?: string; keyAlgorithm?: string; keySize?: number; notAfter?: string }) => ({
  signatureHash: r.signatureHash,
  keyAlgorithm: r.keyAlgorithm,
  keySize: r.keySize,
  notAfter: r.notAfter,
});

describe('certificate columns, recomputed from the certificates', () => {
  it('every embedded PEM: openssl finds the signature hash, key and expiry the row states', () => {
    expect(Object.keys(ROOT_PEMS).length).toBeGreaterThan(0);
    for (const [sha256, pem] of Object.entries(ROOT_PEMS)) {
      const row = ROOT_ROWS.find((r) => r.sha256 === sha256)!;
      const facts = opensslFacts(pem, sha256);
      expect(facts.sha256).toBe(sha256);
      expect(columns(row), row.name).toEqual(columns(facts));
      expect(row.certificateSource, row.name).toMatch(/embedded certificate \(roots-pem\.ts/);
    }
  });

  it('every certificate found elsewhere: its fingerprints and columns are the row\'s', () => {
    for (const [sha256, pem] of Object.entries(ELSEWHERE)) {
      const row = ROOT_ROWS.find((r) => r.sha256 === sha256);
      expect(row, sha256).toBeDefined();
      expect(ROOT_PEMS[sha256], `${row!.name} is embedded; keep it out of the fixtures`).toBeUndefined();
      const facts = opensslFacts(pem, sha256);
      expect(facts.sha256).toBe(sha256);
      expect(facts.sha1, row!.name).toBe(row!.sha1);
      expect(row!.status, row!.name).toBe('computed');
      expect(columns(row!), row!.name).toEqual(columns(facts));
    }
  });

  it("CertDesk's own certificate parser agrees with openssl on every one of them", () => {
    for (const [sha256, pem] of [...Object.entries(ROOT_PEMS), ...Object.entries(ELSEWHERE)]) {
      const s = summarize(parseCertificate(parsePem(pem)[0].der));
      const row = ROOT_ROWS.find((r) => r.sha256 === sha256)!;
      expect(s.sha256).toBe(sha256);
      expect(columns({ ...s, keySize: s.keySize ?? undefined }), row.name).toEqual(columns(row));
    }
  });

  it('columns exist exactly for the rows whose certificate is here to recompute, always all four with their source', () => {
    for (const row of ROOT_ROWS) {
      const known = !!ROOT_PEMS[row.sha256] || !!ELSEWHERE[row.sha256];
      const present = [row.signatureHash, row.keyAlgorithm, row.keySize, row.notAfter, row.certificateSource].map((v) => v !== undefined);
      expect(present, row.name).toEqual(Array(5).fill(known));
      if (known) {
        expect(row.notAfter, row.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        expect(row.certificateSource!.length, row.name).toBeGreaterThan(30);
      }
    }
  });

  it.runIf(existsSync('/usr/share/dotnet/sdk/10.0.401/trustedroots'))('the .NET SDK trusted-root files hold the certificates cited from them', () => {
    const folder = '/usr/share/dotnet/sdk/10.0.401/trustedroots';
    const bundle = ['codesignctl.pem', 'timestampctl.pem'].map((f) => readFileSync(join(folder, f), 'utf8')).join('\n');
    for (const row of ROOT_ROWS.filter((r) => r.certificateSource?.includes('.NET SDK'))) {
      expect(bundle.replace(/\r/g, ''), row.name).toContain(ELSEWHERE[row.sha256].split('\n').slice(1, 3).join('\n'));
    }
  });
});

describe('firmware ranges, from the hash lists', () => {
  it('every row has a range with a source; to is not before from; removedIn only on a closed range', () => {
    for (const row of ROOT_ROWS) {
      const fw = row.firmware;
      expect(fw, row.name).toBeDefined();
      expect(fw!.source.length, row.name).toBeGreaterThan(40);
      if (fw!.to !== undefined) expect(fw!.to, row.name).toBeGreaterThanOrEqual(fw!.from);
      if (fw!.removedIn !== undefined) expect(fw!.to, row.name).toBeDefined();
    }
  });

  it('hashes of the AMT 11.8.50 list start at AMT 11, every other hash at AMT 12 (rps #1108)', () => {
    expect(AMT_11_8_50).toHaveLength(19);
    for (const row of ROOT_ROWS) {
      const inList = AMT_11_8_50.includes(row.sha256);
      expect(row.firmware!.from, row.name).toBe(inList ? 11 : 12);
      expect(row.firmware!.source, row.name).toContain(inList ? 'in the AMT 11.8.50 list' : 'absent from the AMT 11.8.50 list');
    }
    expect(findCatalogueEntry('CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F')?.firmware).toMatchObject({ from: 12 });
    expect(findCatalogueEntry('CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F')?.firmware?.source).toContain('rps issue #1108');
  });

  it.runIf(seenIn.size > 0)('a range is open exactly when the hash is also in the newer-firmware lists', () => {
    for (const row of ROOT_ROWS) {
      const seen = seenIn.get(row.sha256);
      expect(seen, row.name).toBeDefined();
      const inNewer = /newer hello/.test(seen!);
      expect(row.firmware!.to === undefined, `${row.name}: ${seen}`).toBe(inNewer);
    }
  });

  it('VeriSign Class 3 Primary CA-G1 (MD2 PCA3): removed in 11.8.65.3580 and 12.0.32.1420 (Intel AMT SDK), so AMT 11–12', () => {
    const g1 = findCatalogueEntry('E7685634EFACF69ACE939A6B255B7B4FABEF42935B50A265ACB5CB6027E44E70')!;
    expect(g1.firmware).toMatchObject({ from: 11, to: 12, removedIn: '11.8.65.3580 and 12.0.32.1420' });
    expect(g1.firmware!.source).toContain('rootcertificatehashes.htm');
    expect(ROOT_ROWS.filter((r) => r.firmware?.removedIn)).toHaveLength(1);
  });
});

describe('names and sources', () => {
  it('68AD5090… is Verizon Global Root CA, recomputed from its certificate (cfssl_trust PR #129 agrees)', () => {
    const v = findCatalogueEntry('68ad50909b04363c605ef13581a939ff2c96372e3f12325b0a6861e1d59f6603')!;
    expect(v.name).toBe('Verizon Global Root CA');
    expect(v.status).toBe('computed');
    expect(v.sha1).toBe('912198EEF23DCAC40939312FEE97DD560BAE49B1');
    expect(columns(v)).toEqual({ signatureHash: 'SHA-256', keyAlgorithm: 'RSA', keySize: 2048, notAfter: '2034-07-30T14:27:04.000Z' });
    expect(v.source).toContain('cfssl_trust PR #129');
  });

  it('67540A47… and 7224395… carry the firmware labels of MeshCentral issue #2805, as labels only', () => {
    const labelled = ROOT_ROWS.filter((r) => r.status === 'firmware-label');
    expect(labelled.map((r) => [r.sha256.slice(0, 8), r.name.replace(/ \(.*$/, '')])).toEqual([
      ['67540A47', 'GlobalSign NP RSA CA 2018'],
      ['72243952', 'GlobalSign NP ECC CA 2018'],
    ]);
    for (const r of labelled) {
      expect(r.name).toContain('firmware label');
      expect(r.source).toContain('MeshCentral issue #2805');
      expect(r.sha1).toBeUndefined();
      expect(r.signatureHash).toBeUndefined();
    }
  });

  it('every row has a source for every column it has', () => {
    for (const e of rootCatalogue()) {
      expect(e.source, e.name).toMatch(/seen/); // where the hash was seen
      expect(e.source, e.name).toMatch(/name:/); // how the name was established
      if (e.sha1) expect(e.source, e.name).toMatch(/recomputed|reference table/); // where the SHA-1 comes from
      if (e.signatureHash || e.keySize || e.notAfter || e.keyAlgorithm) expect(e.certificateSource, e.name).toBeTruthy();
      expect(e.firmware?.source, e.name).toBeTruthy();
      if (e.status === 'computed') expect(e.certificateSource, `${e.name}: recomputed, so its certificate is known`).toBeTruthy();
    }
  });

  it('only the one hash without any name stays unidentified', () => {
    expect(ROOT_ROWS.filter((r) => r.status === 'unidentified').map((r) => r.sha256.slice(0, 8))).toEqual(['A267C480']);
    expect(ROOT_ROWS.filter((r) => r.status === 'reference')).toHaveLength(0);
  });
});

describe('certdesk roots', () => {
  it('--json carries every column of the data, and copies of it', () => {
    const entries = rootCatalogue();
    expect(entries).toHaveLength(ROOT_ROWS.length);
    entries.forEach((e, i) => {
      const row = ROOT_ROWS[i];
      expect(columns(e), row.name).toEqual(columns(row));
      expect(e.firmware, row.name).toEqual(row.firmware);
      expect(e.certificateSource, row.name).toBe(row.certificateSource);
      for (const key of Object.keys(e) as (keyof RootEntry)[]) expect(e[key], `${row.name}.${key}`).not.toBeUndefined();
    });
    entries[0].firmware!.from = 99;
    expect(rootCatalogue()[0].firmware!.from).toBe(11);
  });

  it('says key, self-signature, expiry, firmware range and the first generation that refuses the root', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const line = (sha256: string) => describeRoot(findCatalogueEntry(sha256)!, now);
    expect(line('4348A0E9444C78CB265E058D5E8944B4D84F9662BD26DB257F8934A443C70161')).toBe(
      'RSA 2048, self-signed SHA-1, expires 2031-11-10, AMT 12+ — fails on AMT 16+ (SHA-1 root)',
    );
    expect(line('CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F')).toBe('RSA 2048, self-signed SHA-256, expires 2038-01-15, AMT 12+');
    expect(line('31AD6648F8104138C738F39EA4320133393E3A18CC02296EF97C2AC9EF6731D0')).toBe('EC 384, self-signed SHA-384, expires 2038-01-15, AMT 12+');
    expect(line('16AF57A9F676B0AB126095AA5EBADEF22AB31119D644AC95CD4B93DBF3F26AEB')).toMatch(/^RSA 2048, self-signed SHA-1, expired 2025-05-12, AMT 11\+ — fails on AMT 16\+/);
    // Gone from the firmware before AMT 16: no failure to announce there.
    expect(line('E7685634EFACF69ACE939A6B255B7B4FABEF42935B50A265ACB5CB6027E44E70')).toBe(
      'RSA 1024, self-signed MD2, expires 2028-08-01, AMT 11–12, removed in 11.8.65.3580 and 12.0.32.1420',
    );
    expect(line('67540A47AA5B9F34570A99723CFEFA96A96EE3F0D9B8BF4DEF9440B8065D665D')).toBe('certificate not identified (name from the firmware), AMT 12+');
    expect(line('A267C480B0B29056EB5E8AA7C93ADD804F5A7DF516E969E77BCACAFE8D456079')).toBe('certificate not identified, AMT 12+');
    // Expiry is judged against the date given.
    expect(line('73C176434F1BC6D5ADF45B0E76E727287C8DE57616C1E6E6141A2B2CBC7D8E4C')).toContain('expires 2026-11-27');
    expect(describeRoot(findCatalogueEntry('73C176434F1BC6D5ADF45B0E76E727287C8DE57616C1E6E6141A2B2CBC7D8E4C')!, new Date('2027-01-01'))).toContain('expired 2026-11-27');
  });

  it('names a small RSA key as the reason too, and colours only the failure', () => {
    const small: RootEntry = { name: 'x', sha256: 'AB'.repeat(32), source: 's', signatureHash: 'SHA-256', keyAlgorithm: 'RSA', keySize: 1024, firmware: { from: 11, source: 's' } };
    expect(rootRefusedFrom(small)).toEqual({ from: 16, name: 'AMT 16+', reasons: ['RSA 1024'] });
    expect(describeRoot(small, new Date('2026-01-01'), (t) => `<${t}>`)).toBe('RSA 1024, self-signed SHA-256, AMT 11+ — <fails on AMT 16+ (RSA 1024)>');
    expect(rootRefusedFrom({ ...small, keySize: 2048 })).toBeUndefined();
  });

  it('every SHA-1 self-signed root still in newer firmware fails from AMT 16, and only those', () => {
    const failing = rootCatalogue().filter((e) => rootRefusedFrom(e)).map((e) => e.name.replace(/ \(.*$/, ''));
    expect(failing).toEqual([
      'Go Daddy Class 2 Certification Authority',
      'Comodo AAA Certificate Services',
      'Starfield Class 2 Certification Authority',
      'VeriSign Class 3 Public Primary Certification Authority - G5',
      'Baltimore CyberTrust Root',
      'Cybertrust Global Root',
      'Entrust.net Certification Authority',
      'Entrust Root Certification Authority',
      'DigiCert Global Root CA',
    ]);
  });
});
