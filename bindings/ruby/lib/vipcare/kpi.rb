# frozen_string_literal: true

require 'json'

module Vipcare
  # The KPIs of one period over the customers of an engine (a slice):
  # serialised to bytes, read back and merged with other slices' states, the
  # merge of a partition's slices equal to the whole bit for bit
  # (docs/kpi.md).
  class KpiState < Handle
    ERRBUF_SIZE = 256

    # The state of [from, to] over an engine's customers (Engine#kpi_state).
    def self.compute(engine_handle, from, to, last_error)
      out = FFI::MemoryPointer.new(:pointer)
      rc = Native.vipcare_kpi_state_new(out, engine_handle, Values.date_to_c(from, 'from'),
                                        Values.date_to_c(to, 'to'))
      Values.fail!(rc, last_error.call) if rc.negative?
      new(out.read_pointer)
    end

    # A state read back from bytes; damaged, newer or foreign bytes raise
    # with the library's message.
    def self.from_bytes(bytes)
      raise TypeError, "bytes: expected a String, got #{bytes.class}" unless bytes.is_a?(String)

      out = FFI::MemoryPointer.new(:pointer)
      data = FFI::MemoryPointer.new(:char, [bytes.bytesize, 1].max)
      data.put_bytes(0, bytes)
      err = FFI::MemoryPointer.new(:char, ERRBUF_SIZE)
      rc = Native.vipcare_kpi_state_deserialize(out, data, bytes.bytesize, err, ERRBUF_SIZE)
      Values.fail!(rc, err.read_string) if rc.negative?
      new(out.read_pointer)
    end

    def initialize(pointer)
      super()
      adopt(pointer, :vipcare_kpi_state_unref)
    end

    # The state as bytes (versioned, checksummed, one byte order).
    def to_bytes
      out = FFI::MemoryPointer.new(:pointer)
      size = FFI::MemoryPointer.new(:size_t)
      check(Native.vipcare_kpi_state_serialize(handle, out, size))
      buf = out.read_pointer
      bytes = buf.read_bytes(size.read(:size_t))
      Native.vipcare_free(buf)
      bytes.force_encoding(Encoding::BINARY)
    end

    # Adds another slice's state into this one.
    def merge!(other)
      raise TypeError, "expected a Vipcare::KpiState, got #{other.class}" unless other.is_a?(KpiState)

      check(Native.vipcare_kpi_state_merge(handle, other.send(:handle)))
      self
    end

    # The JSON text of DESIGN §10 (`vipcare kpi --format json`).
    def to_json(*_args)
      out = FFI::MemoryPointer.new(:pointer)
      check(Native.vipcare_kpi_state_to_json(handle, out))
      buf = out.read_pointer
      text = buf.read_string.force_encoding(Encoding::UTF_8)
      Native.vipcare_free(buf)
      text
    end

    # The KPIs as a Hash with the keys of the command's JSON; money as
    # BigDecimal, ratio values as BigDecimal, dates as Date.
    def to_h
      JSON.parse(to_json, decimal_class: BigDecimal).then { |h| convert(h) }
    end

    # A KPI's [numerator, denominator] by its name ("repurchase_rate",
    # "care_done", "points_outstanding"...).
    def get(name)
      kpi = Native.vipcare_kpi_from_name(name.to_s, name.to_s.bytesize)
      raise ArgumentError, "unknown KPI #{name.inspect}" if kpi.negative?

      num = FFI::MemoryPointer.new(:int64)
      den = FFI::MemoryPointer.new(:int64)
      check(Native.vipcare_kpi_get(handle, kpi, num, den))
      [num.read_int64, den.read_int64]
    end

    private

    def check(rc)
      Values.fail!(rc, Native.vipcare_kpi_state_last_error(handle)) if rc.negative?
      rc
    end

    MONEY = /\A-?\d+\.\d\d\z/.freeze
    DATE = /\A\d{4}-\d\d-\d\d\z/.freeze

    def convert(value)
      case value
      when Hash then value.transform_values { |v| convert(v) }
      when String
        if value.match?(MONEY) then BigDecimal(value)
        elsif value.match?(DATE) then Date.iso8601(value)
        else value
        end
      else value
      end
    end
  end
end
