# cmake -DMESSAGE=... -P fail.cmake: a test that fails with MESSAGE.
message(FATAL_ERROR "${MESSAGE}")
