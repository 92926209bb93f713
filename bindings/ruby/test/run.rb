# frozen_string_literal: true

# Runs every test file: ruby test/run.rb (VIPCARE_LIBRARY may point at a
# build tree's libvipcare.so.1).
Dir.glob(File.join(__dir__, 'test_*.rb')).sort.each { |f| require f }
