# The MCP JSON-RPC fuzz target, kept out of the default build. Include this
# file from the top-level CMakeLists.txt:
#   include(fuzz/mcp_fuzz.cmake)
# and configure a separate tree with clang:
#   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDBOT_BUILD_FUZZ=ON
#   cmake --build build-fuzz --target mcp_jsonrpc_fuzz
option(DBOT_BUILD_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(DBOT_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(WARNING "DBOT_BUILD_FUZZ needs clang (libFuzzer); skipping the MCP fuzz target")
  else()
    # The parser is header-only: the target needs only Boost.JSON and core.
    add_executable(mcp_jsonrpc_fuzz ${PROJECT_SOURCE_DIR}/fuzz/mcp_jsonrpc_fuzz.cpp)
    target_include_directories(mcp_jsonrpc_fuzz PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_compile_options(mcp_jsonrpc_fuzz PRIVATE -fsanitize=fuzzer,address,undefined -g -O1)
    target_link_options(mcp_jsonrpc_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(mcp_jsonrpc_fuzz PRIVATE Boost::json)
  endif()
endif()
