# frozen_string_literal: true

require 'open3'
require 'rbconfig'
require_relative 'helper'

# Loading, errors with the library's message, money and time, and objects
# freed in every order.
class TestBinding < Minitest::Test
  include Money

  LIB = File.expand_path('../lib', __dir__)

  def ruby(code, env = {})
    Open3.capture3(env, RbConfig.ruby, "-I#{LIB}", '-e', code)
  end

  def test_version_and_library
    major, minor, patch = Vipcare::LIBRARY_VERSION.split('.').map(&:to_i)
    assert_equal 1, major
    assert_equal major * 10_000 + minor * 100 + patch, Vipcare::LIBRARY_VERSION_NUMBER
    assert Vipcare::LIBRARY_PATH.end_with?('libvipcare.so.1')
    assert_equal %w[sms wechat phone email app], Vipcare::CHANNELS
  end

  def test_a_missing_library_is_a_clear_load_error
    _out, err, status = ruby("require 'vipcare'", 'VIPCARE_LIBRARY' => '/nonexistent/libvipcare.so.1')
    refute status.success?
    assert_includes err, 'Vipcare::LibraryNotFound'
    assert_includes err, 'VIPCARE_LIBRARY=/nonexistent/libvipcare.so.1'
  end

  def test_the_directory_form_of_the_variable
    path = ENV.fetch('VIPCARE_LIBRARY', '')
    skip 'VIPCARE_LIBRARY is not set' if path.empty?
    dir = File.directory?(path) ? path : File.dirname(path)
    out, err, status = ruby("require 'vipcare'; puts Vipcare::LIBRARY_PATH", 'VIPCARE_LIBRARY' => dir)
    assert status.success?, err
    assert_equal File.join(dir, 'libvipcare.so.1'), out.strip
  end

  def test_one_class_per_status
    { -1 => 'InvalidArgumentError', -5 => 'StaleError', -100 => 'DateError', -104 => 'OutOfRangeError',
      -202 => 'PolicyValueError', -300 => 'DuplicateError', -306 => 'UnknownTransactionError',
      -400 => 'RefusedError', -500 => 'CorruptError', -503 => 'MismatchError' }.each do |status, name|
      assert_equal "Vipcare::#{name}", Vipcare.error_class(status).name
      refute_equal 'unknown status', Vipcare.strerror(status)
    end
    assert_equal 28, Vipcare.const_get(:STATUS_CLASSES).size
    Vipcare.const_get(:STATUS_CLASSES).each_key { |s| refute_equal 'unknown status', Vipcare.strerror(s) }
    assert_equal Vipcare::RecordError, Vipcare.error_class(-399)
  end

  def test_errors_carry_the_library_message
    Vipcare::Engine.open do |e|
      sale(e, 'T1', 'C1', '2025-01-01T10:00', m(100))
      error = assert_raises(Vipcare::DuplicateError) { sale(e, 'T1', 'C1', '2025-01-02', m(100)) }
      assert_equal 'transaction "T1" was already recorded; this one is ignored', error.message
      assert_equal [-300, 'duplicate id'], [error.status, error.strerror]
      error = assert_raises(Vipcare::UnknownCustomerError) { e.score('NOBODY', '2025-01-01') }
      assert_includes error.message, '"NOBODY"'
      assert_equal e.last_error, error.message
      error = assert_raises(Vipcare::UnknownTierError) { e.set_override('C1', 'bronze') }
      assert_includes error.message, '"bronze"'
      assert_kind_of Vipcare::PolicyError, error
    end
    error = assert_raises(Vipcare::PolicyKeyError) { Vipcare::Policy.from_text("[program]\nwindow_dayz = 3\n", 'mall.ini') }
    assert error.message.start_with?('mall.ini:2:'), error.message
    error = assert_raises(Vipcare::FileError) { Vipcare::Policy.from_file('/nonexistent/mall.ini') }
    assert_includes error.message, '/nonexistent/mall.ini'
    customer = Vipcare::Customer.new
    error = assert_raises(Vipcare::DateError) { customer.birthday = [2, 30] }
    assert_equal customer.last_error, error.message
    error = assert_raises(Vipcare::MoneyError) { Vipcare::Transaction.new(amount: '12.345') }
    assert_includes error.message, '12.345'
  end

  def test_money_and_time
    assert_equal '1234.50', Vipcare.format_money(BigDecimal('1234.5'))
    assert_equal '-0.05', Vipcare.format_money('-0.05')
    assert_equal '7.00', Vipcare.format_money(7)
    assert_raises(Vipcare::MoneyError) { Vipcare.format_money(BigDecimal('1.005')) }
    assert_raises(Vipcare::MoneyError) { Vipcare.format_money(BigDecimal('NaN')) }
    assert_raises(TypeError) { Vipcare.format_money(1.5) }
    Vipcare::Engine.open do |e|
      e.add_transaction(id: 'T1', customer: 'C', ts: Time.new(2025, 3, 1, 23, 59, 59, '+08:00'), amount: BigDecimal('0.10'))
      t = e.checkout('C', Date.new(2025, 3, 1))
      assert_equal Time.utc(2025, 3, 1), t.at
      # the civil fields of the Time count, whatever its zone
      assert_equal Date.new(2025, 3, 1), e.score('C', '2025-03-01').first_sale
      assert_equal BigDecimal('0.1'), e.score('C', '2025-03-01').net_spend
      assert_raises(Vipcare::TimestampError) { e.checkout('C', '2025-03-01T24:00') }
      assert_raises(ArgumentError) { e.score("C\0X", '2025-03-01') }
    end
  end

  def make_all
    policy = Vipcare::Policy.new
    policy['retain_days'] = 10
    engine = Vipcare::Engine.new(policy)
    customer = Vipcare::Customer.new('A', birthday: [3, 1], consent: ['sms'])
    engine.add_customer(customer)
    txn = Vipcare::Transaction.new('T1', customer: 'A', ts: '2025-03-01T10:00', amount: gold)
    engine.add_transaction(txn)
    sale(engine, 'T2', 'B', '2025-03-02T10:00', m(100))
    engine.checkout('A', '2025-03-05T10:00')
    engine.score('A', '2025-03-05')
    agenda = engine.agenda('2025-03-01', '2025-03-31')
    walk = engine.each_score('2025-03-05')
    walk.next
    { policy: policy, engine: engine, customer: customer, txn: txn, agenda: agenda, walk: walk }
  end

  def use(objects)
    live = ->(name) { objects[name] && !objects[name].closed? }
    assert_equal 5, objects[:agenda].count if live.call(:agenda)
    assert_equal 'A', objects[:agenda][0].customer if live.call(:agenda)
    assert_equal 'gold', objects[:engine].score('A', '2025-03-05').tier if live.call(:engine)
    assert_equal 'A', objects[:customer].id if live.call(:customer)
    assert_equal gold, objects[:txn].amount if live.call(:txn)
    assert_equal 10, objects[:policy]['retain_days'] if live.call(:policy)
  end

  def test_close_in_every_order
    names = %i[policy engine customer txn agenda]
    count = 0
    names.permutation.each do |order|
      objects = make_all
      order.each do |name|
        objects[name].close
        objects[name].close
        use(objects)
      end
      # the score walk holds its own cursor: it finishes after everything else closed
      assert_equal ['B'], [objects[:walk].next.customer]
      assert_raises(StopIteration) { objects[:walk].next }
      count += 1
    end
    assert_equal 120, count
  end

  def test_freed_by_the_garbage_collector
    50.times { make_all }
    objects = make_all
    objects.delete(:engine)
    objects.delete(:policy)
    GC.start
    use(objects)
    assert_equal 'B', objects[:walk].next.customer
    objects = nil
    GC.start
    # and what is still alive at exit is released then, without a crash
    out, err, status = ruby("require 'vipcare'; $keep = Vipcare::Engine.new; $a = $keep.agenda('2025-01-01', '2025-01-02'); " \
                            "$c = Vipcare::Customer.new('X'); $keep.add_customer($c); puts :ok")
    assert status.success?, err
    assert_equal ["ok\n", ''], [out, err]
  end

  def test_closed_objects_refuse_to_work
    engine = Vipcare::Engine.new
    engine.close
    error = assert_raises(Vipcare::ClosedError) { engine.score('A', '2025-01-01') }
    assert_equal 'this Engine is closed', error.message
    policy = Vipcare::Policy.new
    policy.close
    assert_raises(Vipcare::ClosedError) { Vipcare::Engine.new(policy) }
  end
end
