# frozen_string_literal: true

require 'bigdecimal'
require 'date'

module Vipcare
  # Conversions between Ruby values and the library's dates (Date),
  # timestamps (Time: its civil fields, no zone conversion) and money
  # (BigDecimal), and the status checks. Text forms are parsed by the
  # library's own parsers, so they follow its rules and fail with its
  # messages.
  module Values
    module_function

    DATE_NONE = -(2**31)
    EPOCH_JD = Date.new(1970, 1, 1).jd
    ERRBUF_SIZE = 256
    INT64 = (-(2**63))..(2**63 - 1)

    def fail!(status, message, klass: nil, extra: [])
      strerror = Native.vipcare_strerror(status)
      message = strerror if message.nil? || message.empty?
      raise (klass || Vipcare.error_class(status)).new(message, status, strerror, *extra)
    end

    def check(status, handle, last_error)
      fail!(status, Native.send(last_error, handle)) if status.negative?
      status
    end

    def text(value, what, optional: false)
      return nil if value.nil? && optional
      raise TypeError, "#{what}: expected a String, got #{value.class}" unless value.is_a?(String)
      raise ArgumentError, "#{what}: #{value.inspect} holds a NUL character" if value.include?("\0")

      value.encode('UTF-8')
    end

    def parse(function, out_type, value, what)
      raw = text(value, what)
      out = FFI::MemoryPointer.new(out_type)
      err = FFI::MemoryPointer.new(:char, ERRBUF_SIZE)
      buf = FFI::MemoryPointer.from_string(raw)
      rc = Native.send(function, out, buf, raw.bytesize, err, ERRBUF_SIZE)
      fail!(rc, "#{what}: #{err.read_string}") if rc.negative?
      out_type == :int32 ? out.read_int32 : out.read_int64
    end

    def date_to_c(value, what = 'date', optional: false)
      case value
      when nil
        raise TypeError, "#{what}: expected a Date, got nil" unless optional

        DATE_NONE
      when Date then value.jd - EPOCH_JD
      when Time then Date.new(value.year, value.month, value.day).jd - EPOCH_JD
      when String then parse(:vipcare_date_parse, :int32, value, what)
      else raise TypeError, "#{what}: expected a Date or text, got #{value.class}"
      end
    end

    def date_from_c(days)
      days == DATE_NONE ? nil : Date.jd(days + EPOCH_JD)
    end

    # A Time counts by its own civil fields (what its clock shows), a Date
    # is its midnight; fractions of a second are dropped.
    def timestamp_to_c(value, what = 'timestamp')
      case value
      when Time
        (Date.new(value.year, value.month, value.day).jd - EPOCH_JD) * 86_400 +
          value.hour * 3600 + value.min * 60 + value.sec
      when Date then (value.jd - EPOCH_JD) * 86_400
      when String then parse(:vipcare_timestamp_parse, :int64, value, what)
      else raise TypeError, "#{what}: expected a Time or text, got #{value.class}"
      end
    end

    # The library's civil time as a Time whose fields are that civil time;
    # UTC is only the carrier, so that no zone rule shifts a field.
    def timestamp_from_c(seconds)
      days, rest = seconds.divmod(86_400)
      date = Date.jd(days + EPOCH_JD)
      Time.utc(date.year, date.month, date.day, rest / 3600, rest / 60 % 60, rest % 60)
    end

    # BigDecimal, Integer (whole units) or text as minor units; at most two
    # fraction digits, never rounded; a Float is refused.
    def money_to_c(value, what = 'amount')
      case value
      when Integer, BigDecimal
        value = BigDecimal(value) if value.is_a?(Integer)
        fail!(-102, "#{what}: #{value} is not an amount of money") unless value.finite?
        minor = value * 100
        fail!(-102, "#{what}: #{value.to_s('F')} has more than 2 fraction digits") unless minor.frac.zero?
        minor = minor.to_i
        fail!(-102, "#{what}: #{value.to_s('F')} is out of range") unless INT64.cover?(minor)
        minor
      when String then parse(:vipcare_money_parse, :int64, value, what)
      else
        raise TypeError, "#{what}: #{value.inspect} is a #{value.class}; money is a BigDecimal, an Integer " \
                         "or text such as '12.50'"
      end
    end

    def money_from_c(minor)
      BigDecimal(minor) / 100
    end

    def format_money(minor)
      buf = FFI::MemoryPointer.new(:char, 24)
      rc = Native.vipcare_money_format(buf, 24, minor)
      fail!(rc, nil) if rc.negative?
      buf.read_string
    end

    # A pinned C enumeration read from the library's own name function.
    class Names
      attr_reader :by_value, :by_name

      def initialize(what, function, first = 0)
        @what = what
        @by_value = {}
        (first...64).each do |value|
          name = Native.send(function, value)
          break if name.nil?

          @by_value[value] = name
        end
        @by_name = @by_value.invert
      end

      def value(name)
        @by_name.fetch(name.to_s) do
          Values.fail!(-104, "unknown #{@what} #{name.inspect} (expected one of: #{@by_name.keys.join(', ')})")
        end
      end

      def name(value)
        @by_value[value]
      end
    end

    CHANNELS = Names.new('channel', :vipcare_channel_name)
    CARE_KINDS = Names.new('care kind', :vipcare_care_kind_name)
    OUTCOMES = Names.new('care outcome', :vipcare_care_outcome_name)
    REASONS = Names.new('reason', :vipcare_reason_name)
    DECIDED_BY = Names.new('decided_by', :vipcare_decided_by_name)
    SETTINGS = Names.new('setting', :vipcare_setting_name, 1)
    TXN_KINDS = { 'sale' => 0, 'refund' => 1 }.freeze
  end
end
