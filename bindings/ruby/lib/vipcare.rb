# frozen_string_literal: true

# libvipcare from Ruby: VIP customer care for shopping malls, through
# Debian's ruby-ffi. A thin client of the library's public C API, loaded by
# its SONAME libvipcare.so.1 (or from VIPCARE_LIBRARY). See docs/bindings.md.
#
#   require 'vipcare'
#   Vipcare::Engine.open do |engine|
#     engine.add_transaction(id: 'POS7-000123', customer: 'C0042',
#                            ts: '2025-03-01T10:00', amount: BigDecimal('12500'))
#     puts engine.score('C0042', Date.new(2025, 3, 31)).tier   # gold
#   end

require_relative 'vipcare/native'
require_relative 'vipcare/errors'
require_relative 'vipcare/values'
require_relative 'vipcare/handle'
require_relative 'vipcare/policy'
require_relative 'vipcare/records'
require_relative 'vipcare/engine'
require_relative 'vipcare/kpi'

module Vipcare
  VERSION = '1.0.0'
  LIBRARY_PATH = Native::PATH
  LIBRARY_VERSION = Native::VERSION_STRING
  LIBRARY_VERSION_NUMBER = Native::VERSION_NUMBER
  CHANNELS = Values::CHANNELS.by_name.keys.freeze
  CARE_KINDS = Values::CARE_KINDS.by_name.keys.freeze

  def self.strerror(status)
    Native.vipcare_strerror(status)
  end

  # An amount as the library writes it (exactly 2 fraction digits).
  def self.format_money(amount)
    Values.format_money(Values.money_to_c(amount))
  end
end
