# Embeds migrations/*.sql into a generated C++ source so the binary carries its
# schema with it. The generated file is rebuilt whenever a migration changes.
function(dbot_embed_migrations target)
  file(GLOB _sql CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/migrations/*.sql)
  list(SORT _sql)
  set(_out ${CMAKE_BINARY_DIR}/generated/embedded_migrations.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} -DDIR=${PROJECT_SOURCE_DIR}/migrations
            -P ${PROJECT_SOURCE_DIR}/cmake/GenerateMigrations.cmake
    DEPENDS ${_sql} ${PROJECT_SOURCE_DIR}/cmake/GenerateMigrations.cmake
    COMMENT "Embedding SQL migrations")
  target_sources(${target} PRIVATE ${_out})
endfunction()
